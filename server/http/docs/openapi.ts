import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { routeErrors, openApiPath, type RouteSpec } from '../../../shared/api/define.ts';
import { allRoutes } from '../../../shared/api/routes.ts';
import { errorBodySchema, errorStatus, type ErrorCode } from '../../../shared/errors.ts';
import { allowedWho } from '../../../shared/roles.ts';

const LIMIT_TEXT = {
  signIn: 'sign-in attempts per address and per account',
  signUp: 'accounts created per address',
  expensiveReads: 'whole-jam reads (transcripts, exports, reports, search) per client and per address',
} as const;

/** Query and path params must be objects: a union of objects (OAuth callbacks) is listed as its fields, each optional. */
function paramObject(schema: z.ZodType): z.ZodObject {
  if (schema instanceof z.ZodObject) return schema;
  if (schema instanceof z.ZodUnion) {
    const shape: Record<string, z.ZodType> = {};
    for (const option of schema.options as z.ZodType[]) for (const [key, field] of Object.entries(paramObject(option).shape)) shape[key] ??= (field as z.ZodType).optional();
    return z.object(shape);
  }
  throw new Error('route params and query must be zod objects (or unions of them)');
}

function describe(route: RouteSpec): string {
  const lines = [route.description ?? ''];
  if (route.auth === 'admin') lines.push('**Site operators only** (ADMIN_HANDLES).');
  else if (route.auth === 'user') lines.push('**Signed in.**');
  if (route.permission === 'jam:take-part') lines.push('Policy action `jam:take-part` (shared/roles.ts): anyone signed in, subject to their standing in the series (bans, mutes, rules).');
  else if (route.permission) lines.push(`Policy action \`${route.permission}\` (shared/roles.ts): ${allowedWho(route.permission)} of the series only; anyone else gets 403.`);
  if (route.rateLimit) lines.push(`Rate-limited: ${LIMIT_TEXT[route.rateLimit]}.`);
  return lines.filter(Boolean).join('\n\n');
}

function responses(route: RouteSpec): Record<string, ZodOpenApiResponseObject> {
  const out: Record<string, ZodOpenApiResponseObject> = {};
  const success = (status: number) => {
    if (status === 204) return { description: 'Done; no body' };
    if (status === 304) return { description: 'Not modified (If-None-Match matched the ETag)' };
    if (status === 303) return { description: 'A redirect to the host console', headers: { Location: { schema: { type: 'string' as const } } } };
    if (route.response) return { description: 'OK', content: { 'application/json': { schema: route.response } } };
    if (route.content) return { description: route.content.description ?? 'OK', content: { [route.content.type]: route.content.schema ? { schema: route.content.schema } : {} } };
    return { description: 'OK' };
  };
  out[String(route.status)] = success(route.status);
  for (const status of route.also ?? []) out[String(status)] = success(status);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrors(route)) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = { description: `Error: ${codes.map((c) => `\`${c}\``).join(', ')}`, content: { 'application/json': { schema: errorBodySchema } } };
  }
  for (const other of route.otherErrors ?? []) out[String(other.status)] = { description: other.description, content: { 'application/json': { schema: errorBodySchema } } };
  return out;
}

function operation(id: string, route: RouteSpec): ZodOpenApiOperationObject {
  const security: Record<string, string[]>[] = route.auth === 'public' ? [{}, { session: [] }, { bearer: [] }] : [{ session: [] }, { bearer: [] }];
  return {
    operationId: id,
    summary: route.summary,
    description: describe(route) || undefined,
    tags: [route.tag],
    security: route.path === '/metrics' ? [{ metricsToken: [] }] : security,
    requestParams: {
      ...(route.params ? { path: paramObject(route.params) } : {}),
      ...(route.query ? { query: paramObject(route.query) } : {}),
    },
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses: responses(route),
    'x-tweetjam-auth': route.auth,
    ...(route.permission ? { 'x-tweetjam-permission': route.permission } : {}),
  };
}

/** The OpenAPI 3.1 document of every route in the map (served at /api/openapi.json). */
export function openApiDocument(version = '0.1.0') {
  const paths: ZodOpenApiPathsObject = {};
  for (const { id, route } of allRoutes()) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(id, route) };
  }
  const tags = [...new Set(allRoutes().map(({ route }) => route.tag))].map((name) => ({ name }));
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'TweetJam API',
        version,
        description: [
          'Live, hashtag-tagged Q&A chats: series, jams, their run of show, messages, moderation, archives and reports.',
          'Generated from the route map in `shared/api/` (the server validates every request with the same schemas).',
          'The narrative (a whole jam walked through, concepts, limits, examples) is docs/API.md; the realtime Socket.IO events are described in [/api/asyncapi.json](/api/asyncapi.json).',
          'Errors always answer `{ "error": { "code", "message", "field"?, "retryAfter"? } }`. Unsafe requests authenticated by the session cookie must send `X-CSRF-Token` (the `tj_csrf` cookie); bearer-token requests need not.',
        ].join('\n\n'),
      },
      servers: [{ url: '/', description: 'This server' }],
      tags,
      paths,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'tj_session', description: 'The browser session (set by sign-in); unsafe requests also send X-CSRF-Token' },
          bearer: { type: 'http', scheme: 'bearer', description: 'The `token` from sign-up or sign-in' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
        },
      },
    },
  );
}
