import { describe, expect, it } from 'vitest';
import { parseColumns, serializeColumns } from '../../../shared/filters.ts';
import { layout } from '../store/columns.ts';
import { message } from '../testing/fixtures.ts';
import { mergeMessages } from '../store/stream.ts';
import { ColumnFilter, columnItems, initialPosition, pendingMessage } from './columnItems.ts';

const context = { currentQuestion: 1, me: 'kim' };

describe('stream columns', () => {
  const messages = [
    message(1, { question: 1, author: { handle: 'ada', displayName: 'Ada', role: 'panelist' } }),
    message(2, { question: 2, text: 'A2: pricing matters' }),
    message(3, { question: 1, text: 'hey @kim, pricing?' }),
    message(4, { author: { handle: 'hank', displayName: 'Hank', role: 'host' } }),
  ];

  it('"This question" shows answers to the current question; "Panelists" only panelists', () => {
    expect(columnItems({ kind: 'question' }, messages, [], context, null).items.map((m) => m.seq)).toEqual([1, 3]);
    expect(columnItems({ kind: 'panelists' }, messages, [], context, null).items.map((m) => m.seq)).toEqual([1]);
    expect(columnItems({ kind: 'host' }, messages, [], context, null).items.map((m) => m.seq)).toEqual([4]);
    expect(columnItems({ kind: 'mentions' }, messages, [], context, null).items.map((m) => m.seq)).toEqual([3]);
    expect(columnItems({ kind: 'keyword', value: 'pricing' }, messages, [], context, null).items.map((m) => m.seq)).toEqual([2, 3]);
  });

  it('a remembered filter tests only appended messages and agrees with a full pass', () => {
    const filter = new ColumnFilter();
    const column = { kind: 'keyword' as const, value: 'pricing' };
    const first = mergeMessages([], messages.slice(0, 2));
    expect(filter.view(column, first, [], context, null).items.map((m) => m.seq)).toEqual([2]);
    const grown = mergeMessages(first, messages.slice(2));
    expect(filter.view(column, grown, [], context, null).items.map((m) => m.seq)).toEqual([2, 3]);
    const edited = mergeMessages(grown, [{ ...messages[1]!, text: 'edited away' }]);
    expect(filter.view(column, edited, [], context, null).items.map((m) => m.seq)).toEqual([3]);
  });

  it('opens at the linked message, else the newest; a first message opens at 0 so it is shown at once', () => {
    expect(initialPosition(messages, messages[1]!.id)).toBe(1);
    expect(initialPosition(messages, 'gone')).toEqual({ index: 'LAST', align: 'end' });
    expect(initialPosition(messages.slice(0, 1), null)).toBe(0);
  });

  it('a paused column holds back newer matches and counts them', () => {
    const { items, waiting } = columnItems({ kind: 'all' }, messages, [], context, 2);
    expect(items.map((m) => m.seq)).toEqual([1, 2]);
    expect(waiting).toBe(2);
  });

  it('a pending answer shows in the columns it will land in', () => {
    const post = { clientId: 'abcdefgh1', text: 'A1: my answer', display: 'A1: my answer #chat', replyTo: null, state: 'sending' as const, attempts: 1, error: null };
    const pending = [{ message: pendingMessage(post, { id: 'u1', handle: 'kim', displayName: 'Kim', bio: '', avatarUrl: null }, 'jam-1', 'participant', 2), pending: post.state }];
    expect(columnItems({ kind: 'question' }, [], pending, context, null).items).toHaveLength(1);
    expect(columnItems({ kind: 'panelists' }, [], pending, context, null).items).toHaveLength(0);
    expect(pending[0]!.message.text).toBe('A1: my answer #chat');
  });

  it('the layout round-trips through the URL after adding, moving and removing', () => {
    let columns = parseColumns('all,question');
    columns = layout.add(columns, { kind: 'keyword', value: 'price, tiers' });
    columns = layout.add(columns, { kind: 'keyword', value: 'price, tiers' });
    columns = layout.move(columns, 2, -1);
    expect(parseColumns(serializeColumns(columns))).toEqual([{ kind: 'all' }, { kind: 'keyword', value: 'price, tiers' }, { kind: 'question' }]);
    expect(layout.remove(columns, 0).map((c) => c.kind)).toEqual(['keyword', 'question']);
    expect(layout.move(columns, 0, -1)).toBe(columns);
  });
});
