import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

describe('the incoming-message batcher', () => {
  it('hands a burst over in one flush per scheduled frame', () => {
    const frames: (() => void)[] = [];
    const flushes: number[][] = [];
    const batcher = createBatcher<number>((items) => flushes.push(items), (run) => frames.push(run));
    for (let i = 0; i < 100; i++) batcher.push(i);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(flushes).toEqual([Array.from({ length: 100 }, (_, i) => i)]);
    batcher.push(100);
    expect(frames).toHaveLength(1);
  });

  it('drain applies what is queued at once', () => {
    const flushes: number[][] = [];
    const batcher = createBatcher<number>((items) => flushes.push(items), () => {});
    batcher.push(1);
    batcher.drain();
    expect(flushes).toEqual([[1]]);
  });
});
