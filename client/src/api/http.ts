import { fillPath, queryString, type RouteInput, type RouteResult, type RouteSpec } from '../../../shared/api/define.ts';
import type { ApiError, ErrorCode } from '../../../shared/errors.ts';

/** An API failure as the client understands it: the server's code, plus a sentence for people. */
export class ApiFailure extends Error {
  constructor(
    readonly error: ApiError,
    readonly status: number,
  ) {
    super(describeError(error));
  }
  get code(): ErrorCode {
    return this.error.code;
  }
  get field(): string | undefined {
    return this.error.field;
  }
}

const FRIENDLY: Record<ErrorCode, string> = {
  invalid_input: 'Please check what you entered.',
  unauthenticated: 'Please sign in first.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'We could not find that.',
  conflict: 'That clashes with something that already exists.',
  payload_too_large: 'That is too long.',
  rate_limited: 'Slow down a little and try again.',
  unavailable: 'The server is busy; try again in a moment.',
  internal: 'Something went wrong on our side.',
};

/** The one place error codes become words: the server's message when it gave one, else ours. */
export function describeError(error: ApiError): string {
  const base = error.message?.trim() || FRIENDLY[error.code] || FRIENDLY.internal;
  if (error.code === 'rate_limited' && error.retryAfter) return `${base} (retry in ${error.retryAfter}s)`;
  return base;
}

/** Any thrown thing as an ApiError, so callers handle one shape. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiFailure) return thrown.error;
  if (thrown && typeof thrown === 'object' && 'code' in thrown && 'message' in thrown) return thrown as ApiError;
  return { code: 'unavailable', message: 'Could not reach the server; check your connection.' };
}

/** True when the rules of a series must be accepted before posting (the security contract). */
export const needsRules = (error: ApiError) => error.code === 'forbidden' && error.field === 'rules';

export function readCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  const found = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** fetch for /api: JSON in and out, the CSRF double-submit header on unsafe methods, errors thrown as ApiFailure. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const csrf = readCookie('tj_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiFailure({ code: 'unavailable', message: 'Could not reach the server; check your connection.' }, 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: ApiError } | null)?.error ?? { code: response.status === 404 ? 'not_found' : 'internal', message: '' };
    throw new ApiFailure(error as ApiError, response.status);
  }
  return parsed as T;
}

/** The arguments of a route's call: none when it takes no params, query or body. */
type CallArgs<R extends RouteSpec> = object extends RouteInput<R> ? [input?: RouteInput<R>] : [input: RouteInput<R>];

/** A route's URL with its params and query filled in (for links and downloads). */
export function routeUrl<R extends RouteSpec>(route: R, ...[input]: CallArgs<R>): string {
  const { params, query } = (input ?? {}) as { params?: Record<string, string | number>; query?: Record<string, unknown> };
  return fillPath(route.path, params) + queryString(query);
}

/** Calls a route of the map: the input and the answer are typed from its schemas. */
export function call<R extends RouteSpec>(route: R, ...args: CallArgs<R>): Promise<RouteResult<R>> {
  const body = (args[0] as { body?: unknown } | undefined)?.body;
  return api<RouteResult<R>>(route.method.toUpperCase(), routeUrl(route, ...args), route.body ? (body ?? {}) : undefined);
}
