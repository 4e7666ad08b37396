import type { z } from '../zod.ts';
import type { ErrorCode } from '../errors.ts';
import type { Action } from '../roles.ts';

/**
 * One HTTP route, declared once: the Express router validates and types its handler from this, the
 * client's fetchers derive their input and answer types from it, and /api/openapi.json is generated
 * from it. Paths are written the Express way (`/api/jams/:slug`).
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call it. `public`: anyone (a session, when sent, personalises the answer); `user`: a
 * signed-in account (401 otherwise, checked before anything else); `admin`: a site operator
 * (ADMIN_HANDLES; 401/403 otherwise).
 */
export type Auth = 'public' | 'user' | 'admin';


/** Per-route limits on top of the limit every unsafe /api request meets (server/http/rateLimits.ts). */
export type RateLimit = 'signIn' | 'signUp' | 'expensiveReads';

/** A non-JSON body: its media type, and a schema when the body has a JSON-describable shape. */
export interface ContentSpec {
  type: string;
  schema?: z.ZodType;
  description?: string;
}

export interface RouteSpec {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  /** The resource group the reference lists it under. */
  tag: string;
  auth: Auth;
  /**
   * The policy action (shared/roles.ts) the domain authorizes in the series or jam of the path,
   * answering 403 to anyone else; stated here for the reference and the client.
   */
  permission?: Action;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success status; `also` lists other success statuses (200 for an idempotent retry, 304…). */
  status: 200 | 201 | 202 | 204 | 303;
  also?: readonly (200 | 201 | 304)[];
  /** The JSON body of a success; absent for 204, redirects and `content` answers. */
  response?: z.ZodType;
  /** A body the handler renders itself (exports, calendars, pages), with its media type. */
  content?: ContentSpec;
  /** Error codes the domain may answer with, beyond those every route can meet (see routeErrors). */
  errors?: readonly ErrorCode[];
  /** Error statuses outside the vocabulary that a protocol imposes (oEmbed's 501), with an error body. */
  otherErrors?: readonly { status: number; description: string }[];
  rateLimit?: RateLimit;
}

/** Keeps a route's literal types (path, schemas) so handlers and fetchers are typed from it. */
export const defineRoute = <const R extends RouteSpec>(route: R): R => route;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler receives once the route's schemas have read the request. */
export type RouteParams<R extends RouteSpec> = Out<R['params']>;
export type RouteQuery<R extends RouteSpec> = Out<R['query']>;
export type RouteBody<R extends RouteSpec> = Out<R['body']>;
/** What the handler must answer (the presented view, before any transform). */
export type RouteReply<R extends RouteSpec> = R['response'] extends z.ZodType ? z.input<R['response']> : void;
/** What a client receives: the JSON view, or the parsed body of a JSON document route (reports, transcripts). */
export type RouteResult<R extends RouteSpec> = R['response'] extends z.ZodType
  ? z.output<R['response']>
  : R['content'] extends { schema: z.ZodType }
    ? z.output<R['content']['schema']>
    : void;

/** Optional when absent from the route or when every field of it is optional. */
type Field<K extends string, V> = undefined extends V ? { [P in K]?: V } : object extends V ? { [P in K]?: V } : { [P in K]: V };
/** What a client sends: path params, query and body, each only when the route has one. */
export type RouteInput<R extends RouteSpec> = Field<'params', In<R['params']>> & Field<'query', In<R['query']>> & Field<'body', In<R['body']>>;

/** Errors any route may answer with, from how it is declared, plus its own. */
export function routeErrors(route: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.errors ?? []);
  if (route.params || route.query || route.body) codes.add('invalid_input');
  if (route.auth !== 'public') codes.add('unauthenticated');
  if (route.auth === 'admin' || route.permission) codes.add('forbidden');
  const unsafe = route.method !== 'get';
  if (unsafe) codes.add('forbidden'); // foreign origin or a missing CSRF token
  if (unsafe || route.rateLimit) codes.add('rate_limited');
  if (route.body) codes.add('payload_too_large');
  codes.add('unavailable');
  codes.add('internal');
  return [...codes];
}

/** `/api/jams/:slug/report.:format` → `/api/jams/{slug}/report.{format}` (OpenAPI path templating). */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');

/** `?a=1&b=x` from a query object, leaving out absent and empty values; '' when nothing is left. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Fills a route's path with its params, each URL-encoded. */
export function fillPath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path param ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}
