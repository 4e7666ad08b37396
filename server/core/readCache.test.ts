import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.ts';
import { ReadCache, type DropLink } from './readCache.ts';

function cache(link: DropLink = { epoch: () => 0 }) {
  const clock = new FakeClock();
  let loads = 0;
  const kept = new ReadCache<string>(clock, () => link);
  const read = (value = 'v', until?: number) => kept.read('k', async () => (loads++, { value, until }));
  return { clock, kept, read, loads: () => loads };
}

describe('kept reads', () => {
  it('keep a read until it is dropped, and until the time it gives', async () => {
    const c = cache();
    expect(await c.read('a', c.clock.now().getTime() + 5_000)).toBe('a');
    expect(await c.read('b')).toBe('a');
    expect(c.loads()).toBe(1);
    c.clock.advance(5_000);
    expect(await c.read('c')).toBe('c');
    c.kept.forget('k');
    expect(await c.read('d')).toBe('d');
    c.kept.drop((key) => key === 'k');
    expect(await c.read('e')).toBe('e');
    expect(c.loads()).toBe(4);
  });

  it('do not keep a read that was in flight across a drop', async () => {
    const c = cache();
    let finish!: () => void;
    const pending = c.kept.read('k', () => new Promise((resolve) => (finish = () => resolve({ value: 'stale' }))));
    c.kept.forget('k');
    finish();
    expect(await pending).toBe('stale');
    expect(await c.read('fresh')).toBe('fresh');
  });

  it('keep nothing while drops from other nodes cannot arrive, and nothing from before the link was lost', async () => {
    let epoch: number | null = 1;
    const c = cache({ epoch: () => epoch });
    await c.read('one');
    epoch = null;
    expect(await c.read('two')).toBe('two');
    expect(await c.read('three')).toBe('three');
    epoch = 2;
    expect(await c.read('four')).toBe('four');
    expect(await c.read('five')).toBe('four');
  });
});
