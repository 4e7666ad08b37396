import { describe, expect, it } from 'vitest';
import { afterFailedRead, CallFailed, LinkUnavailable } from './accounts.ts';

const config = { pollMs: 1_000, backoffMinMs: 500, backoffMaxMs: 60_000 };
const now = Date.parse('2026-11-29T20:00:00Z');

describe('when a reader reads again after a failed read (every network alike)', () => {
  it('a 429 waits for the reset the network announced, a skipped call keeps the normal pace, neither counts as a failure', () => {
    const resetAt = new Date(now + 42_000);
    expect(afterFailedRead(new CallFailed({ kind: 'rate_limited', resetAt, message: '429' }), config, now, 2)).toEqual({ wait: 42_000, failures: 2 });
    expect(afterFailedRead(new LinkUnavailable('rate_limited', new Date(now + 5_000)), config, now, 0)).toEqual({ wait: 5_000, failures: 0 });
    expect(afterFailedRead(new LinkUnavailable('broken'), config, now, 0)).toEqual({ wait: 1_000, failures: 0 });
  });

  it('an app tier without the endpoint looks again rarely; anything else backs off more with each failure in a row', () => {
    expect(afterFailedRead(new CallFailed({ kind: 'access', status: 403, message: 'client-not-enrolled' }), config, now, 0)).toEqual({ wait: 60_000, failures: 0 });
    const first = afterFailedRead(new Error('socket hang up'), config, now, 0);
    expect(first.failures).toBe(1);
    expect(first.wait).toBeGreaterThanOrEqual(config.pollMs);
    const later = afterFailedRead(new CallFailed({ kind: 'transient', message: '503' }), config, now, 9);
    expect(later.failures).toBe(10);
    expect(later.wait).toBeLessThanOrEqual(config.backoffMaxMs);
  });
});
