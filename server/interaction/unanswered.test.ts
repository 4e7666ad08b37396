import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/model.ts';
import { acknowledgementFigures, unansweredQueue } from './unanswered.ts';

const T0 = Date.parse('2026-05-05T17:00:00.000Z');
let seq = 0;
const message = (handle: string, minute: number, over: Partial<MessageView> = {}): MessageView => ({
  id: `m${++seq}`,
  seq,
  jamSlug: 'j',
  clientId: `c${seq}`,
  author: { handle, displayName: handle, role: 'participant' },
  text: 'A1: hi',
  createdAt: new Date(T0 + minute * 60_000).toISOString(),
  question: 1,
  replyTo: null,
  source: 'native',
  externalUrl: null,
  featured: false,
  hidden: false,
  boosts: 0,
  permalink: '',
  ...over,
});
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

describe('the not-yet-answered queue', () => {
  it('keeps participants’ visible, unfeatured, unacknowledged messages, by question in show order, oldest first, unattached last', () => {
    const late = message('ann', 9, { question: 2 });
    const early = message('bob', 1, { question: 2 });
    const none = message('cat', 0, { question: null });
    const q1 = message('dan', 5);
    const team = message('pia', 2, { author: { handle: 'pia', displayName: 'Pia', role: 'panelist' } });
    const featured = message('eve', 3, { featured: true });
    const hidden = message('fay', 3, { hidden: true });
    const acked = message('gus', 4);
    const queue = unansweredQueue('j', [late, early, none, q1, team, featured, hidden, acked], new Set([acked.id]));
    expect(queue.total).toBe(4);
    expect(queue.groups.map((g) => [g.question, g.messages.map((m) => m.author.handle)])).toEqual([
      [1, ['dan']],
      [2, ['bob', 'ann']],
      [null, ['cat']],
    ]);
  });
});

describe('acknowledged within 5 minutes', () => {
  it('counts a participant once, acknowledged by the earliest team reaction to any of their posts within 5 minutes', () => {
    const quick = message('ann', 0);
    const slow = message('bob', 0);
    const twice = [message('cat', 0), message('cat', 10)];
    const host = message('hal', 0, { author: { handle: 'hal', displayName: 'Hal', role: 'host' } });
    const figures = acknowledgementFigures([quick, slow, ...twice, host], [
      { messageId: quick.id, at: at(4.9) },
      { messageId: slow.id, at: at(6) },
      { messageId: twice[1]!.id, at: at(12) },
    ]);
    expect(figures).toEqual({ participants: 3, acknowledgedWithin5Min: 2, share: 2 / 3 });
  });

  it('is zero, not NaN, when nobody posted', () => {
    expect(acknowledgementFigures([], [])).toEqual({ participants: 0, acknowledgedWithin5Min: 0, share: 0 });
  });
});
