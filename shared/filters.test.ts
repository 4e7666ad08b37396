import { describe, expect, it } from 'vitest';
import type { MessageView } from './model.ts';
import { COLUMN_CHOICES, columnFromChoice, columnMatches, columnTitle, parseColumns, serializeColumns, DEFAULT_COLUMNS } from './filters.ts';

const message = (over: Partial<MessageView> & { role?: MessageView['author']['role']; handle?: string } = {}): MessageView => ({
  id: 'm1abcdefgh',
  seq: 1,
  jamSlug: 'j',
  clientId: 'c1abcdefgh',
  author: { handle: over.handle ?? 'ann', displayName: 'Ann', role: over.role ?? 'participant' },
  text: 'A1: Pricing matters #cxm',
  createdAt: '2026-01-01T00:00:00.000Z',
  question: 1,
  replyTo: null,
  source: 'native',
  externalUrl: null,
  featured: false,
  hidden: false,
  boosts: 0,
  permalink: '/jams/j/m/m1',
  ...over,
});
const ctx = { currentQuestion: 1, me: 'bob' };

describe('stream columns', () => {
  it('"This question" follows the current question', () => {
    expect(columnMatches({ kind: 'question' }, message(), ctx)).toBe(true);
    expect(columnMatches({ kind: 'question' }, message(), { ...ctx, currentQuestion: 2 })).toBe(false);
    expect(columnMatches({ kind: 'question', value: '1' }, message(), { ...ctx, currentQuestion: 2 })).toBe(true);
  });

  it('filters by role, featured, keyword and author', () => {
    expect(columnMatches({ kind: 'panelists' }, message({ role: 'panelist' }), ctx)).toBe(true);
    expect(columnMatches({ kind: 'panelists' }, message(), ctx)).toBe(false);
    expect(columnMatches({ kind: 'host' }, message({ role: 'host' }), ctx)).toBe(true);
    expect(columnMatches({ kind: 'featured' }, message({ featured: true }), ctx)).toBe(true);
    expect(columnMatches({ kind: 'keyword', value: 'pricing' }, message(), ctx)).toBe(true);
    expect(columnMatches({ kind: 'author', value: '@ANN' }, message(), ctx)).toBe(true);
  });

  it('finds mentions of me as whole handles only', () => {
    expect(columnMatches({ kind: 'mentions' }, message({ text: 'hi @bob!' }), ctx)).toBe(true);
    expect(columnMatches({ kind: 'mentions' }, message({ text: 'hi @bobby' }), ctx)).toBe(false);
    expect(columnMatches({ kind: 'mentions' }, message({ text: 'hi @bob' }), { ...ctx, me: null })).toBe(false);
  });

  it('counts a reply to my post as a mention of me, but never my own posts', () => {
    const authorOf = (id: string) => (id === 'mine000001' ? 'Bob' : 'ann');
    expect(columnMatches({ kind: 'mentions' }, message({ text: 'good point', replyTo: 'mine000001' }), { ...ctx, authorOf })).toBe(true);
    expect(columnMatches({ kind: 'mentions' }, message({ text: 'good point', replyTo: 'other00001' }), { ...ctx, authorOf })).toBe(false);
    expect(columnMatches({ kind: 'mentions' }, message({ handle: 'bob', text: 'me @bob' }), ctx)).toBe(false);
  });

  it('the Add-column menu offers "Question N" and builds each column from its choice', () => {
    const byId = (id: string) => COLUMN_CHOICES.find((c) => c.id === id)!;
    expect(COLUMN_CHOICES.map((c) => c.label)).toContain('Question N…');
    expect(columnFromChoice(byId('question-n'), ' 3 ')).toEqual({ kind: 'question', value: '3' });
    expect(columnFromChoice(byId('question-n'), 'three')).toBeNull();
    expect(columnFromChoice(byId('author'), '@Ann')).toEqual({ kind: 'author', value: 'Ann' });
    expect(columnFromChoice(byId('keyword'), '  ')).toBeNull();
    expect(columnFromChoice(byId('featured'), '')).toEqual({ kind: 'featured' });
    expect(columnTitle({ kind: 'question', value: '3' }, ctx)).toBe('Q3');
    expect(new Set(COLUMN_CHOICES.map((c) => c.id)).size).toBe(COLUMN_CHOICES.length);
  });

  it('never shows hidden messages', () => {
    expect(columnMatches({ kind: 'all' }, message({ hidden: true }), ctx)).toBe(false);
  });

  it('round-trips through the URL, and drops what it cannot read', () => {
    const columns = [{ kind: 'all' as const }, { kind: 'keyword' as const, value: 'a,b:c' }, { kind: 'author' as const, value: 'ann' }];
    expect(parseColumns(serializeColumns(columns))).toEqual(columns);
    expect(parseColumns('all,bogus,keyword:,panelists')).toEqual([{ kind: 'all' }, { kind: 'panelists' }]);
    expect(parseColumns('')).toEqual(DEFAULT_COLUMNS);
  });
});
