import { describe, expect, it } from 'vitest';
import { message } from '../testing/fixtures.ts';
import { readRange, seqGap } from './gaps.ts';
import type { StreamOp } from './stream.ts';

const created = (...seqs: number[]): StreamOp[] => seqs.map((seq) => ({ type: 'created', message: message(seq) }));

describe('seq gaps in the live stream', () => {
  it('finds the messages skipped between the last one held and the newest that arrived', () => {
    expect(seqGap(3724, created(3727))).toEqual({ after: 3724, through: 3726 });
  });

  it('finds a hole inside one batch', () => {
    expect(seqGap(10, created(11, 12, 14, 15))).toEqual({ after: 12, through: 13 });
  });

  it('finds nothing when the stream is whole, or when messages arrive out of order but complete', () => {
    expect(seqGap(10, created(11, 12))).toBeNull();
    expect(seqGap(10, created(12, 11))).toBeNull();
    expect(seqGap(10, created(9, 10))).toBeNull();
    expect(seqGap(10, [{ type: 'hidden', id: 'x' }])).toBeNull();
  });

  it('waits for the join to say where the stream starts', () => {
    expect(seqGap(0, created(5))).toBeNull();
  });

  it('asks for the whole hole, however long (it is fetched a page at a time)', () => {
    expect(seqGap(1, created(5000))).toEqual({ after: 1, through: 4999 });
  });
});

describe('reading a range a page at a time', () => {
  /** A jam of `last` messages where the seqs in `hidden` are not visible. */
  const jam = (last: number, hidden = new Set<number>()) => {
    const asked: [number, number][] = [];
    const page = async (after: number, limit: number) => {
      asked.push([after, limit]);
      const seqs: number[] = [];
      for (let seq = after + 1; seq <= last && seqs.length < limit; seq++) if (!hidden.has(seq)) seqs.push(seq);
      return seqs.map((seq) => message(seq));
    };
    return { asked, page };
  };

  it('reads a long absence to its end in pages of a thousand', async () => {
    const { asked, page } = jam(3500);
    const got: number[] = [];
    await readRange({ after: 1000, through: 3500 }, page, (ms) => got.push(...ms.map((m) => m.seq)));
    expect(asked).toEqual([[1000, 1000], [2000, 1000], [3000, 500]]);
    expect(got).toEqual(Array.from({ length: 2500 }, (_, i) => 1001 + i));
  });

  it('stops at a short page, and when a read gives up', async () => {
    const { asked, page } = jam(900, new Set([5]));
    await readRange({ after: 0, through: 2000 }, page, () => {});
    expect(asked).toEqual([[0, 1000]]);
    let calls = 0;
    await readRange({ after: 0, through: 5000 }, async () => (calls++, null), () => {});
    expect(calls).toBe(1);
  });
});
