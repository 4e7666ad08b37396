import { MemoryStore, type Store } from 'express-rate-limit';

/**
 * Limits per window. A counter store is made per limiter by `store(prefix)`: in memory by default;
 * for several nodes pass one backed by Redis, e.g. with rate-limit-redis:
 * `store: (prefix) => new RedisStore({ prefix, sendCommand: (...args) => redis.sendCommand(args) })`.
 * The socket limiter (realtime/eventLimiter.ts) takes the same stores.
 */
export interface RateLimitConfig {
  /** Failed sign-ins per IP + handle per 15 minutes (brute force). */
  signInFailures: number;
  /**
   * Failed sign-ins per handle, from every address together, per 15 minutes before each further
   * attempt on that account is slowed down (not refused: a hard lock would let anyone lock the owner out).
   */
  signInAccountFailures: number;
  /** The slow-down's step: attempt n past the ceiling waits n × this (ms), at most 10 s. */
  signInAccountDelayMs: number;
  /** Sign-in attempts per IP per 15 minutes, whatever the handle (credential stuffing). */
  signInPerIp: number;
  /** Accounts created per IP per hour. */
  signUpPerIp: number;
  /** Unsafe /api requests per signed-in user (or per IP for anonymous ones) per minute. */
  writesPerUser: number;
  /** Unsafe /api requests per IP per minute, all users behind it together. */
  writesPerIp: number;
  /** Reads of a whole jam or archive (transcripts, exports, reports, digests, metrics, search) per user (or IP) per minute. */
  expensiveReadsPerClient: number;
  /** The same reads per IP per minute, everyone behind it together: a loose outer bound. */
  expensiveReadsPerIp: number;
  /** Socket events of every kind per connection per 10 seconds: the first limit an event meets. */
  socketEventsPerSocket: number;
  /** `jam:join`s per connection per 10 seconds (each answers with a page of messages). */
  socketJoinsPerSocket: number;
  /** Socket write events (send, boost, moderate…) per user (or connection) per 10 seconds. */
  socketWritesPerUser: number;
  /** Socket events of every kind, handshakes included, per address per 10 seconds: a loose outer bound. */
  socketEventsPerIp: number;
  /** Refused events in one window after which a connection is cut off for flooding. */
  socketFloodRefusals: number;
  /** How long an account cut off for flooding may not open a new connection (ms). */
  socketCoolOffMs: number;
  store: (prefix: string) => Store;
}

export const defaultRateLimits: RateLimitConfig = {
  signInFailures: 10,
  signInAccountFailures: 30,
  signInAccountDelayMs: 1000,
  // Per-IP limits stay generous: a venue or office puts hundreds of attendees behind one address.
  signInPerIp: 300,
  signUpPerIp: 200,
  writesPerUser: 120,
  writesPerIp: 1200,
  expensiveReadsPerClient: 60,
  expensiveReadsPerIp: 600,
  socketEventsPerSocket: 100,
  socketJoinsPerSocket: 10,
  socketWritesPerUser: 30,
  socketEventsPerIp: 3000,
  socketFloodRefusals: 50,
  socketCoolOffMs: 30_000,
  store: () => new MemoryStore(),
};

/** `false` (or RATE_LIMITS=off, for load tests) turns every limit off; a partial object overrides some. */
export type RateLimitOptions = Partial<RateLimitConfig> | false;

export function rateLimitConfig(options: RateLimitOptions | undefined): RateLimitConfig | null {
  if (options === false || process.env.RATE_LIMITS === 'off') return null;
  return { ...defaultRateLimits, ...options };
}

/** Seconds until the caller's window resets, at least 1. */
export const secondsUntil = (reset: Date | undefined, now = Date.now()) => Math.max(1, Math.ceil(((reset?.getTime() ?? now + 1000) - now) / 1000));
