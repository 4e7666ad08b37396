import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type AugmentedRequest, type Store } from 'express-rate-limit';
import { AppError } from '../errors.ts';
import type { AuthedLocals } from './edge.ts';

/**
 * Limits per window. A counter store is made per limiter by `store(prefix)`: in memory by default;
 * for several nodes pass one backed by Redis, e.g. with rate-limit-redis:
 * `store: (prefix) => new RedisStore({ prefix, sendCommand: (...args) => redis.sendCommand(args) })`.
 * The socket limiter (realtime/eventLimiter.ts) takes the same stores.
 */
export interface RateLimitConfig {
  /** Failed sign-ins per IP + handle per 15 minutes (brute force). */
  signInFailures: number;
  /** Sign-in attempts per IP per 15 minutes, whatever the handle (credential stuffing). */
  signInPerIp: number;
  /** Accounts created per IP per hour. */
  signUpPerIp: number;
  /** Unsafe /api requests per signed-in user (or per IP for anonymous ones) per minute. */
  writesPerUser: number;
  /** Unsafe /api requests per IP per minute, all users behind it together. */
  writesPerIp: number;
  /** Socket write events (send, boost, moderate…) per user (or connection) per 10 seconds. */
  socketWritesPerUser: number;
  /** Socket events of every kind per IP per 10 seconds. */
  socketEventsPerIp: number;
  store: (prefix: string) => Store;
}

export const defaultRateLimits: RateLimitConfig = {
  signInFailures: 10,
  signInPerIp: 100,
  signUpPerIp: 30,
  writesPerUser: 120,
  writesPerIp: 1200,
  socketWritesPerUser: 30,
  socketEventsPerIp: 3000,
  store: () => new MemoryStore(),
};

/** `false` (or RATE_LIMITS=off, for load tests) turns every limit off; a partial object overrides some. */
export type RateLimitOptions = Partial<RateLimitConfig> | false;

export function rateLimitConfig(options: RateLimitOptions | undefined): RateLimitConfig | null {
  if (options === false || (options === undefined && process.env.RATE_LIMITS === 'off')) return null;
  return { ...defaultRateLimits, ...options };
}

const MINUTE = 60_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const clientIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');

/** Seconds until the caller's window resets, at least 1. */
export const secondsUntil = (reset: Date | undefined, now = Date.now()) => Math.max(1, Math.ceil(((reset?.getTime() ?? now + 1000) - now) / 1000));

function limiter(config: RateLimitConfig, name: string, options: { windowMs: number; limit: number; key: (req: Request) => string; message: string; skip?: (req: Request) => boolean; skipSuccessfulRequests?: boolean }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    store: config.store(`rl:${name}:`),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: options.key,
    skip: options.skip,
    skipSuccessfulRequests: options.skipSuccessfulRequests ?? false,
    // The one documented error body, with the retry time, instead of the library's plain text.
    handler: (req, _res, next) => {
      const retryAfter = secondsUntil((req as AugmentedRequest).rateLimit?.resetTime);
      next(new AppError('rate_limited', `${options.message}; try again in ${retryAfter} s`, undefined, retryAfter));
    },
  });
}

export interface HttpLimiters {
  signIn: RequestHandler[];
  signUp: RequestHandler[];
  writes: RequestHandler[];
}

const pass: RequestHandler = (_req, _res, next) => next();

export function httpLimiters(config: RateLimitConfig | null): HttpLimiters {
  if (!config) return { signIn: [pass], signUp: [pass], writes: [pass] };
  const handleOf = (req: Request) => String((req.body as { handle?: unknown } | undefined)?.handle ?? '').toLowerCase().slice(0, 40);
  return {
    signIn: [
      limiter(config, 'signin-ip', { windowMs: 15 * MINUTE, limit: config.signInPerIp, key: clientIp, message: 'too many sign-in attempts from your network' }),
      limiter(config, 'signin-fail', {
        windowMs: 15 * MINUTE,
        limit: config.signInFailures,
        key: (req) => `${clientIp(req)}|${handleOf(req)}`,
        skipSuccessfulRequests: true,
        message: 'too many failed sign-ins for this handle',
      }),
    ],
    signUp: [limiter(config, 'signup-ip', { windowMs: 60 * MINUTE, limit: config.signUpPerIp, key: clientIp, message: 'too many new accounts from your network' })],
    writes: [
      limiter(config, 'writes-ip', { windowMs: MINUTE, limit: config.writesPerIp, key: clientIp, skip: (req) => SAFE_METHODS.has(req.method), message: 'too many requests from your network' }),
      limiter(config, 'writes-user', {
        windowMs: MINUTE,
        limit: config.writesPerUser,
        key: (req) => {
          const user = (req.res?.locals as AuthedLocals | undefined)?.user;
          return user ? `u:${user.id}` : `ip:${clientIp(req)}`;
        },
        skip: (req) => SAFE_METHODS.has(req.method),
        message: 'too many requests',
      }),
    ],
  };
}
