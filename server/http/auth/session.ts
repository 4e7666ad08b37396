import { parse as parseCookie, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { Accounts } from '../../auth/accounts.ts';
import type { AuthedLocals } from '../edge.ts';

export const SESSION_COOKIE = 'tj_session';

/** The session token of a request: `Authorization: Bearer …` for API clients, else the cookie. */
export function tokenFrom(headers: { authorization?: string; cookie?: string }): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  return parseCookie(headers.cookie ?? '')[SESSION_COOKIE] ?? null;
}

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
        next();
      })
      .catch(next);
  };
}

export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: expiresAt }));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', expires: new Date(0) }));
}
