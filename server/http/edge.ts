import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ZodType } from 'zod';
import { fromZod, unauthenticated } from '../errors.ts';
import type { UserRow } from '../store/users.ts';

/** The signed-in user, resolved once per request by the auth middleware. */
export interface AuthedLocals {
  user: UserRow | null;
  sessionToken: string | null;
}

export const userOf = (res: Response): UserRow | null => (res.locals as AuthedLocals).user;

export function requireUser(res: Response): UserRow {
  const user = userOf(res);
  if (!user) throw unauthenticated();
  return user;
}

/** Parses with a zod schema or throws invalid_input naming the field. */
export function parse<T>(schema: ZodType<T>, value: unknown, prefix?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZod(result.error, prefix);
  return result.data;
}


/** Wraps an async route so a thrown error reaches the error handler. */
export const route =
  (handler: (req: Request, res: Response) => Promise<unknown>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

/** The public origin for permalinks in exports: PUBLIC_URL, else the request's own. */
export function originOf(req: Request): string {
  return process.env.PUBLIC_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** A rendered document, named for saving: inline unless asked to download (set once rendered, so an error is never a download). */
export function asFile(res: Response, filename: string, download: boolean, body: string): string {
  res.set('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${filename}"`);
  return body;
}

/** The CSP of self-contained HTML exports (transcripts, recaps): no script, nothing loaded. */
export const EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
