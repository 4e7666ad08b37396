import { parse as parseCookie } from 'cookie';

export const SESSION_COOKIE = 'tj_session';

/** The session token of a request: `Authorization: Bearer …` for API clients, else the cookie. */
export function tokenFrom(headers: { authorization?: string; cookie?: string }): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  return parseCookie(headers.cookie ?? '')[SESSION_COOKIE] ?? null;
}
