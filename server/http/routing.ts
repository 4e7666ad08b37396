import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { ContentSpec, RateLimit, RouteBody, RouteParams, RouteQuery, RouteReply, RouteSpec } from '../../shared/api/define.ts';
import type { UserRow } from '../store/users.ts';
import { parse, requireUser, userOf } from './edge.ts';

/** What a handler gets: the caller and the request as the route's schemas read it. */
export interface RouteInput<R extends RouteSpec> {
  user: R['auth'] extends 'public' ? UserRow | null : UserRow;
  params: RouteParams<R>;
  query: RouteQuery<R>;
  body: RouteBody<R>;
}

/** The raw exchange, for the few handlers that set headers, redirect or answer 304 themselves. */
export interface RouteContext {
  req: Request;
  res: Response;
  /** Answers with another of the route's statuses (`also`), e.g. 200 for an idempotent retry. */
  status(code: number): void;
  /** What a handler returns after answering on `res` itself (a redirect, a 304, oEmbed's 501). */
  answered(): Answered;
}

declare const answeredBrand: unique symbol;
/** The handler wrote the answer itself. */
export type Answered = { readonly [answeredBrand]: true };

/** JSON routes answer their view; `content` routes a rendered string; either may have answered itself. */
type Answer<R extends RouteSpec> = (R['response'] extends z.ZodType ? RouteReply<R> : R['content'] extends ContentSpec ? string : void) | Answered;

export type Handler<R extends RouteSpec> = (input: RouteInput<R>, ctx: RouteContext) => Promise<Answer<R>>;

/** A route of the map with the handler that serves it. */
export interface Implementation {
  route: RouteSpec;
  handler: (input: { user: UserRow | null; params: unknown; query: unknown; body: unknown }, ctx: RouteContext) => Promise<unknown>;
}

/** Serves one route of the map: a thin handler (one domain call → its view), typed from the route. */
export const implement = <R extends RouteSpec>(route: R, handler: Handler<R>): Implementation => ({ route, handler: handler as Implementation['handler'] });

/** What mounting needs besides the routes: the limiters the map names, and who is a site operator. */
export interface RouteGuards {
  limiters: Record<RateLimit, RequestHandler[]>;
  /** Throws forbidden unless the user is a site operator (checked before the input, like sign-in). */
  assertAdmin: (user: UserRow) => void;
  /** What an answer waits for: the drops of kept reads its write published to the other nodes. */
  relayed?: () => Promise<void>;
}

/**
 * Registers implementations on a router, each at its map path less `prefix` (the router's mount
 * point): authenticate (user/admin routes) → validate params, query and body with the route's
 * schemas (400 naming the field) → the handler → the answer with the route's status.
 */
export function mount(router: Router, implementations: Implementation[], guards: RouteGuards, prefix = ''): void {
  for (const { route, handler } of implementations) {
    if (!route.path.startsWith(prefix)) throw new Error(`${route.path} is not under ${prefix}`);
    const limits = route.rateLimit ? guards.limiters[route.rateLimit] : [];
    router[route.method](route.path.slice(prefix.length) || '/', ...limits, (req, res, next) => {
      serve(route, handler, guards, req, res).catch(next);
    });
  }
}

async function serve(route: RouteSpec, handler: Implementation['handler'], guards: RouteGuards, req: Request, res: Response): Promise<void> {
  const user = route.auth === 'public' ? userOf(res) : requireUser(res);
  if (route.auth === 'admin') guards.assertAdmin(user!);
  const input = {
    user,
    params: route.params ? parse(route.params, req.params) : undefined,
    query: route.query ? parse(route.query, req.query) : undefined,
    body: route.body ? parse(route.body, req.body ?? {}) : undefined,
  };
  let status: number = route.status;
  let answeredItself = false;
  const answer = await handler(input, {
    req,
    res,
    status: (code) => {
      status = code;
    },
    answered: () => {
      answeredItself = true;
      return undefined as unknown as Answered;
    },
  });
  await guards.relayed?.();
  if (answeredItself || res.headersSent) return;
  if (route.response) return void res.status(status).json(answer);
  if (route.content && typeof answer === 'string') return void res.status(status).type(`${route.content.type}; charset=utf-8`).send(answer);
  if (route.status === 204) return void res.status(204).end();
  throw new Error(`${route.method.toUpperCase()} ${route.path} answered nothing`);
}
