import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../../shared/model.ts';
import { insertQuote, move, withKey, withoutKey } from './blocks.ts';

const message = (id: string, question: number | null) => ({ id, question }) as MessageView;

describe('recap editor blocks', () => {
  it('moves a block up or down and stays put at either end', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const same = ['a', 'b'];
    expect(move(same, 0, -1)).toBe(same);
  });

  it('puts a picked message after the others of its question, or under a new heading', () => {
    const byId = new Map([message('m1', 1), message('m2', 2), message('m3', 1)].map((m) => [m.id, m]));
    let blocks = insertQuote([], byId.get('m1')!, byId, 'Q1: Why?');
    blocks = insertQuote(blocks, byId.get('m2')!, byId, 'Q2: How?');
    blocks = insertQuote(blocks, byId.get('m3')!, byId, 'Q1: Why?');
    expect(blocks.map(withoutKey)).toEqual([
      { kind: 'heading', text: 'Q1: Why?' },
      { kind: 'quote', messageId: 'm1' },
      { kind: 'quote', messageId: 'm3' },
      { kind: 'heading', text: 'Q2: How?' },
      { kind: 'quote', messageId: 'm2' },
    ]);
    expect(new Set(blocks.map((b) => b.key)).size).toBe(5);
    expect(withKey({ kind: 'note', text: 'x' }).key).toMatch(/^b\d+$/);
  });
});
