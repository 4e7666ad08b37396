import type { Store } from 'express-rate-limit';
import { AppError } from '../errors.ts';
import { secondsUntil } from '../edge/rateLimits.ts';

/**
 * A fixed-window counter for socket events, over the same `Store` interface express-rate-limit
 * uses, so the in-memory store or a Redis one (rate-limit-redis) plugs in unchanged.
 */
export class EventLimiter {
  constructor(
    private readonly store: Store,
    private readonly limit: number,
    windowMs: number,
    private readonly message: string,
  ) {
    // init takes the library's full Options; a store only reads windowMs from it.
    void store.init?.({ windowMs } as Parameters<NonNullable<Store['init']>>[0]);
  }

  /** Counts one event for the key; throws rate_limited with the retry time past the limit. */
  async hit(key: string): Promise<void> {
    const { totalHits, resetTime } = await this.store.increment(key);
    if (totalHits > this.limit) {
      const retryAfter = secondsUntil(resetTime);
      throw new AppError('rate_limited', `${this.message}; try again in ${retryAfter} s`, undefined, retryAfter);
    }
  }

  async close(): Promise<void> {
    await this.store.shutdown?.();
  }
}
