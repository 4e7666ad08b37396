import { parse as parseCookie, serialize } from 'cookie';
import { SIGNED_IN_COOKIE } from '../../../shared/auth.ts';
import type { Request, RequestHandler, Response } from 'express';
import type { Accounts } from '../../auth/accounts.ts';
import { SESSION_COOKIE, tokenFrom } from '../../edge/session.ts';
import type { AuthedLocals } from '../edge.ts';

/** Resolves the signed-in user (or null) for every request. */
export function resolveUser(accounts: Accounts): RequestHandler {
  return (req, res, next) => {
    const token = tokenFrom(req.headers);
    const locals = res.locals as AuthedLocals;
    locals.sessionToken = token;
    locals.user = null;
    if (!token) return next();
    accounts
      .userForToken(token)
      .then((user) => {
        locals.user = user;
        syncSignedInHint(req, res, user !== null);
        next();
      })
      .catch(next);
  };
}

export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: expiresAt }));
  res.append('Set-Cookie', serialize(SIGNED_IN_COOKIE, '1', { httpOnly: false, sameSite: 'lax', secure: req.secure, path: '/', expires: expiresAt }));
}

export function clearSessionCookie(req: Request, res: Response): void {
  for (const [name, httpOnly] of [[SESSION_COOKIE, true], [SIGNED_IN_COOKIE, false]] as const) {
    res.append('Set-Cookie', serialize(name, '', { httpOnly, sameSite: 'lax', secure: req.secure, path: '/', expires: new Date(0) }));
  }
}

/**
 * Pages: a session cookie from before the hint existed (or whose hint was lost) gets it with the
 * page, so the client, which asks /api/auth/me only when the hint is there, sees it signed in.
 */
export function signedInHintOnPages(accounts: Accounts): RequestHandler {
  return (req, res, next) => {
    const cookies = parseCookie(req.headers.cookie ?? '');
    const token = cookies[SESSION_COOKIE];
    if (req.method !== 'GET' || !token || cookies[SIGNED_IN_COOKIE]) return next();
    accounts.userForToken(token).then((user) => (syncSignedInHint(req, res, user !== null), next()), next);
  };
}

/** A cookie session keeps its readable hint in step: set for sessions that predate it, gone once the session is. */
function syncSignedInHint(req: Request, res: Response, valid: boolean): void {
  const cookies = parseCookie(req.headers.cookie ?? '');
  if (!cookies[SESSION_COOKIE] || /^Bearer\s/i.test(req.headers.authorization ?? '')) return;
  if (valid && !cookies[SIGNED_IN_COOKIE]) res.append('Set-Cookie', serialize(SIGNED_IN_COOKIE, '1', { httpOnly: false, sameSite: 'lax', secure: req.secure, path: '/' }));
  if (!valid && cookies[SIGNED_IN_COOKIE]) clearSessionCookie(req, res);
}
