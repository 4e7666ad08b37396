import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookie, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './auth/session.ts';

export const CSRF_COOKIE = 'tj_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Origins allowed besides the server's own host: ALLOWED_ORIGINS (comma-separated) and PUBLIC_URL. */
export function allowedOrigins(): Set<string> {
  const list = (process.env.ALLOWED_ORIGINS ?? '').split(',');
  if (process.env.PUBLIC_URL) list.push(process.env.PUBLIC_URL);
  const origins = new Set<string>();
  for (const entry of list) {
    try {
      if (entry.trim()) origins.add(new URL(entry.trim()).origin);
    } catch {
      /* ignore a malformed entry rather than refusing to start */
    }
  }
  return origins;
}

/**
 * True for requests from our own pages: no Origin header (non-browser clients, same-origin GETs),
 * an Origin whose host is the Host we are serving, or one of ALLOWED_ORIGINS.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed = allowedOrigins()): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return (host !== undefined && url.host === host.toLowerCase()) || allowed.has(url.origin);
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
}

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

/** Sets (or rotates) the readable double-submit cookie; the client echoes it in X-CSRF-Token. */
export function setCsrfCookie(req: Request, res: Response, token = newCsrfToken()): string {
  res.append('Set-Cookie', serialize(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'lax', secure: req.secure, path: '/' }));
  return token;
}

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Request-forgery protection for /api:
 * - unsafe requests carrying an Origin of another site are refused (defence in depth);
 * - unsafe requests authenticated by the session cookie must echo the `tj_csrf` cookie in
 *   X-CSRF-Token (double submit); bearer-token requests are exempt (a foreign page cannot set that header);
 * - any GET without the cookie gets one.
 */
export function requestForgeryGuard(): RequestHandler {
  return (req, res, next) => {
    const cookies = parseCookie(req.headers.cookie ?? '');
    if (!UNSAFE_METHODS.has(req.method)) {
      if (req.method === 'GET' && !cookies[CSRF_COOKIE]) setCsrfCookie(req, res);
      return next();
    }
    if (!isAllowedOrigin(req.headers.origin, req.headers.host)) {
      return next(new AppError('forbidden', 'requests from other sites are not accepted', 'origin'));
    }
    const bearer = /^Bearer\s+\S+$/i.test(req.headers.authorization ?? '');
    if (bearer || !cookies[SESSION_COOKIE]) return next();
    const expected = cookies[CSRF_COOKIE];
    const sent = req.get(CSRF_HEADER);
    if (!expected || !sent || !sameToken(expected, sent)) {
      return next(new AppError('forbidden', 'missing or wrong X-CSRF-Token header; send the value of the tj_csrf cookie', 'csrf'));
    }
    next();
  };
}
