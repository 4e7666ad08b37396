import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fakeClock.ts';
import { LinkHealth, type HealthRecord } from './health.ts';

function row(): HealthRecord & { state: string; last_error: string | null } {
  const record = {
    state: 'ok',
    last_error: null as string | null,
    read: async () => ({ state: record.state }),
    write: async (changes: { state?: string; last_error?: string | null }) => {
      if (changes.state) record.state = changes.state;
      if (changes.last_error !== undefined) record.last_error = changes.last_error;
    },
  };
  return record;
}

describe('link health, one rule for every network', () => {
  it('a 429 limits only that endpoint until its reset; the link is ok again once no window of it is open', async () => {
    const clock = new FakeClock('2026-11-29T20:00:00.000Z');
    const health = new LinkHealth(clock);
    const link = row();
    const resetAt = new Date('2026-11-29T20:01:00.000Z');
    await health.failed('bluesky:s1', 'search', { kind: 'rate_limited', resetAt, message: '429' }, link, 'link again');
    await health.failed('bluesky:s1', 'replies', { kind: 'rate_limited', resetAt, message: '429' }, link, 'link again');
    expect([health.limitedUntil('bluesky:s1', 'search'), health.limitedUntil('bluesky:s1', 'post'), health.limitedUntil('bluesky:s2', 'search')]).toEqual([resetAt, null, null]);
    expect(link).toMatchObject({ state: 'rate_limited', last_error: 'replies: 429' });
    await health.healthy('bluesky:s1', 'search', link);
    expect(link.state).toBe('rate_limited');
    await health.healthy('bluesky:s1', 'replies', link);
    expect(link.state).toBe('ok');
    clock.advance(120_000);
    expect(health.limitedUntil('bluesky:s1', 'search')).toBeNull();
  });

  it('a refused credential breaks the link and says what to do; other failures only tell the host', async () => {
    const health = new LinkHealth(new FakeClock('2026-11-29T20:00:00.000Z'));
    const link = row();
    await health.failed('x1', 'tweets', { kind: 'transient', message: 'X is failing (503)' }, link, 'the series owner needs to link X again');
    expect(link).toMatchObject({ state: 'ok', last_error: 'tweets: X is failing (503)' });
    const thrown = await health.failed('x1', 'tweets', { kind: 'auth', status: 401, message: 'X refused the token (401)' }, link, 'the series owner needs to link X again');
    expect(thrown.failure.kind).toBe('auth');
    expect(link).toMatchObject({ state: 'broken', last_error: 'X refused the token (401); the series owner needs to link X again' });
  });
});
