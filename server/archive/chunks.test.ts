import { assert, constantFrom, jsonValue, property } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asLines, batched, jsonChunks } from './chunks.ts';

describe('jsonChunks', () => {
  it('joins to exactly what JSON.stringify(value, null, 2) writes, for any plain data', () => {
    assert(
      property(jsonValue(), constantFrom(0, 2, 4), (value, indent) => {
        expect([...jsonChunks(value, indent)].join('')).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out undefined members, writes null for undefined items, and honours toJSON', () => {
    const value = { a: undefined, b: [undefined, () => 1, 'x'], c: {}, d: [], e: { toJSON: () => ({ f: 1 }) }, g: new Date(0), h: Number.NaN };
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });
});

describe('pieces into lines and slices', () => {
  it('asLines ends every line as join + end would', () => {
    expect([...asLines(['a', '', 'b'], '\r\n')].join('')).toBe(['a', '', 'b'].join('\r\n') + '\r\n');
  });

  it('batched keeps every character in order and makes slices of at least the size but the last', () => {
    const pieces = Array.from({ length: 1000 }, (_, i) => `piece ${i};`);
    const slices = [...batched(pieces, 100)];
    expect(slices.join('')).toBe(pieces.join(''));
    expect(slices.slice(0, -1).every((s) => s.length >= 100)).toBe(true);
  });
});

describe('batched slices by time', () => {
  it('ends a slice once rendering it took the budget, however few characters it holds', () => {
    let clock = 0;
    // Each piece costs 3 ms to render: a 8 ms budget makes slices of three pieces.
    const pieces = (function* () {
      for (let i = 0; i < 9; i++) {
        clock += 3;
        yield `p${i}`;
      }
    })();
    const slices = [...batched(pieces, 64 * 1024, 8, () => clock)];
    expect(slices).toEqual(['p0p1p2', 'p3p4p5', 'p6p7p8']);
  });
});
