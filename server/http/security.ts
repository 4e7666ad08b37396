import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookie, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { AppError } from '../errors.ts';
import { isAllowedOrigin } from '../edge/origins.ts';
import type { AuthedLocals } from './edge.ts';

export const CSRF_COOKIE = 'tj_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A Host header safe to echo into the CSP (anything odd falls back to 'self' only). */
const safeHost = (host: string | undefined) => (host && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? host : null);

/**
 * helmet with a strict CSP a Vite-built React app runs under: scripts and styles only from our
 * origin (no inline), sockets back to our own host, images from us, data: and https avatars.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: [
          "'self'",
          (req) => {
            const host = safeHost((req as Request).get?.('host'));
            return host ? `${(req as Request).secure ? 'wss' : 'ws'}://${host}` : "'self'";
          },
        ],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The CSRF token of a session: derived from its (httpOnly, secret) session token, so it is bound
 * to that session — a cookie planted by another site or subdomain, or another session's token,
 * never matches — and every node derives the same one without storing anything.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`tweetjam csrf\0${sessionToken}`).digest('base64url');
}

/** Sets the readable cookie the client echoes in X-CSRF-Token: the session's token, or a random one before signing in. */
export function setCsrfCookie(req: Request, res: Response, token = newCsrfToken()): string {
  res.append('Set-Cookie', serialize(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'lax', secure: req.secure, path: '/' }));
  return token;
}

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Request-forgery protection for /api (mounted after the session is resolved):
 * - unsafe requests carrying an Origin of another site (or scheme) are refused (defence in depth);
 * - unsafe requests authenticated by the session cookie must send X-CSRF-Token equal to that
 *   session's token (csrfTokenFor; the tj_csrf cookie carries it to the page); bearer-token requests
 *   are exempt (a foreign page cannot set that header), and so are requests whose session cookie
 *   is stale (they act for nobody: a stale cookie never blocks signing in again);
 * - a GET whose tj_csrf cookie is missing, or is not its session's, gets the right one.
 */
export function requestForgeryGuard(): RequestHandler {
  return (req, res, next) => {
    const cookies = parseCookie(req.headers.cookie ?? '');
    const bearer = /^Bearer\s+\S+$/i.test(req.headers.authorization ?? '');
    const locals = res.locals as AuthedLocals;
    // The session this request acts for through its cookie, if any.
    const cookieSession = !bearer && locals.user && locals.sessionToken ? locals.sessionToken : null;
    const expected = cookieSession ? csrfTokenFor(cookieSession) : null;
    if (!UNSAFE_METHODS.has(req.method)) {
      if (req.method === 'GET' && (expected ? cookies[CSRF_COOKIE] !== expected : !cookies[CSRF_COOKIE])) setCsrfCookie(req, res, expected ?? undefined);
      return next();
    }
    if (!isAllowedOrigin(req.headers.origin, req.headers.host, req.protocol === 'https' ? 'https' : 'http')) {
      return next(new AppError('forbidden', 'requests from other sites are not accepted', 'origin'));
    }
    if (!expected) return next();
    const sent = req.get(CSRF_HEADER);
    if (!sent || !sameToken(expected, sent)) {
      return next(new AppError('forbidden', 'missing or wrong X-CSRF-Token header; send the value of the tj_csrf cookie', 'csrf'));
    }
    next();
  };
}
