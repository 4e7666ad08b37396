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

  it('waits at least the minimum gap after a flush before the next one', () => {
    const delays: number[] = [];
    const runs: (() => void)[] = [];
    const batcher = createBatcher<number>(() => {}, (run, delay) => {
      runs.push(run);
      delays.push(delay);
    }, 150);
    batcher.push(1);
    runs.shift()!();
    batcher.push(2);
    expect(delays[0]).toBe(0);
    expect(delays[1]).toBeGreaterThan(100);
  });

  it('drain applies what is queued at once', () => {
    const flushes: number[][] = [];
    const batcher = createBatcher<number>((items) => flushes.push(items), () => {});
    batcher.push(1);
    batcher.drain();
    expect(flushes).toEqual([[1]]);
  });
});
