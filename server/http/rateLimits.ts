import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import { handleKey } from '../../shared/fields.ts';
import { AppError } from '../errors.ts';
import { secondsUntil, type RateLimitConfig } from '../edge/rateLimits.ts';
import type { AuthedLocals } from './edge.ts';

const MINUTE = 60_000;
const MAX_SIGN_IN_DELAY_MS = 10_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const clientIp = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');


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
  /** For GETs that read a whole jam or archive; mounted by the routes that serve them. */
  expensiveReads: RequestHandler[];
}

const pass: RequestHandler = (_req, _res, next) => next();

export function httpLimiters(config: RateLimitConfig | null): HttpLimiters {
  if (!config) return { signIn: [pass], signUp: [pass], writes: [pass], expensiveReads: [pass] };
  const userOrIp = (req: Request) => {
    const user = (req.res?.locals as AuthedLocals | undefined)?.user;
    return user ? `u:${user.id}` : `ip:${clientIp(req)}`;
  };
  // The handle as the sign-in schema reads it: " victim", "VICTIM" and "victim\u00a0" are one account.
  const handleOf = (req: Request) => handleKey((req.body as { handle?: unknown } | undefined)?.handle) ?? '(not a handle)';
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
      slowDown({
        windowMs: 15 * MINUTE,
        delayAfter: config.signInAccountFailures,
        delayMs: (used) => (used - config.signInAccountFailures) * config.signInAccountDelayMs,
        maxDelayMs: MAX_SIGN_IN_DELAY_MS,
        store: config.store('rl:signin-account:'),
        keyGenerator: handleOf,
        skipSuccessfulRequests: true,
      }),
    ],
    signUp: [limiter(config, 'signup-ip', { windowMs: 60 * MINUTE, limit: config.signUpPerIp, key: clientIp, message: 'too many new accounts from your network' })],
    writes: [
      limiter(config, 'writes-ip', { windowMs: MINUTE, limit: config.writesPerIp, key: clientIp, skip: (req) => SAFE_METHODS.has(req.method), message: 'too many requests from your network' }),
      limiter(config, 'writes-user', { windowMs: MINUTE, limit: config.writesPerUser, key: userOrIp, skip: (req) => SAFE_METHODS.has(req.method), message: 'too many requests' }),
    ],
    expensiveReads: [
      limiter(config, 'reads-ip', { windowMs: MINUTE, limit: config.expensiveReadsPerIp, key: clientIp, message: 'too many transcript, export, report or search requests from your network' }),
      limiter(config, 'reads-client', { windowMs: MINUTE, limit: config.expensiveReadsPerClient, key: userOrIp, message: 'too many transcript, export, report or search requests' }),
    ],
  };
}
