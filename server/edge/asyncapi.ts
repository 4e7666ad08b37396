import { z } from 'zod';
import { ackSchemaOf, Recipients, clientEvents, handshakeAuthSchema, PROTOCOL_VERSION, serverEvents, type ClientEventSpec, type ServerEventSpec } from '../../shared/protocol.ts';

type JsonSchema = Record<string, unknown>;
type Ref = { $ref: string };

/** AsyncAPI ids allow letters, digits, `.`, `-`, `_`: `jam:join` is `jam.join`. */
const idOf = (event: string) => event.replace(/:/g, '.');
const ref = (path: string): Ref => ({ $ref: path });

/**
 * Collects JSON Schemas (draft-07, as AsyncAPI schemas are) for zod schemas, hoisting every schema
 * that carries an `id` (the shared views) into components.schemas so each is written once.
 */
class SchemaSet {
  readonly components: Record<string, JsonSchema> = {};

  add(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { target: 'draft-07', io, reused: 'inline' }) as JsonSchema;
    const { definitions, $schema: _, ...body } = json as JsonSchema & { definitions?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries(definitions ?? {})) this.hoist(id, definition);
    // A schema with an id comes back as a $ref to its (hoisted) definition.
    return this.repoint(body);
  }

  private hoist(id: string, definition: JsonSchema) {
    const repointed = this.repoint(definition);
    const seen = this.components[id];
    if (seen && JSON.stringify(seen) !== JSON.stringify(repointed)) throw new Error(`two different schemas are both named ${id}`);
    this.components[id] = repointed;
  }

  private repoint(schema: JsonSchema): JsonSchema {
    return JSON.parse(JSON.stringify(schema).replaceAll('"#/definitions/', '"#/components/schemas/')) as JsonSchema;
  }
}

export interface AsyncApiOptions {
  /** Where clients connect, e.g. `https://jams.example` (the server's PUBLIC_URL or the request's origin). */
  origin?: string;
}

/**
 * The AsyncAPI 3.0 document of the Socket.IO protocol, generated from the event map in
 * shared/protocol.ts: one channel per event name, a `receive` operation with its ack as the reply
 * for each client → server event, a `send` operation for each server → client event.
 */
export function buildAsyncApi(options: AsyncApiOptions = {}): Record<string, unknown> {
  const url = new URL(options.origin ?? 'http://localhost:3000');
  const schemas = new SchemaSet();
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const [event, spec] of Object.entries(clientEvents) as [string, ClientEventSpec][]) {
    const id = idOf(event);
    messages[id] = { name: event, title: event, summary: spec.summary, payload: schemas.add(spec.payload, 'input') };
    messages[`${id}.ack`] = {
      name: `${event} ack`,
      title: `${event} ack`,
      summary: `The ack of ${event}: { ok: true, … } on success, else { ok: false, error }.${spec.ackOptional ? ' The ack callback may be left out.' : ''}`,
      payload: schemas.add(ackSchemaOf(spec.result), 'output'),
    };
    channels[id] = {
      address: event,
      title: event,
      messages: { [id]: ref(`#/components/messages/${id}`), [`${id}.ack`]: ref(`#/components/messages/${id}.ack`) },
    };
    operations[id] = {
      action: 'receive',
      channel: ref(`#/channels/${id}`),
      title: event,
      summary: spec.summary,
      messages: [ref(`#/channels/${id}/messages/${id}`)],
      reply: { channel: ref(`#/channels/${id}`), messages: [ref(`#/channels/${id}/messages/${id}.ack`)] },
      tags: [{ name: 'client-to-server' }],
    };
  }

  for (const [event, spec] of Object.entries(serverEvents) as [string, ServerEventSpec][]) {
    const id = idOf(event);
    messages[id] = { name: event, title: event, summary: spec.summary, payload: schemas.add(spec.payload, 'output') };
    channels[id] = { address: event, title: event, messages: { [id]: ref(`#/components/messages/${id}`) } };
    operations[id] = {
      action: 'send',
      channel: ref(`#/channels/${id}`),
      title: event,
      summary: spec.summary,
      description: `Sent to ${Recipients[spec.to]}.`,
      messages: [ref(`#/channels/${id}/messages/${id}`)],
      tags: [{ name: 'server-to-client' }],
    };
  }

  schemas.add(handshakeAuthSchema, 'input');
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'TweetJam realtime API (Socket.IO)',
      version: String(PROTOCOL_VERSION),
      description: [
        `Socket.IO v4 events, protocol version ${PROTOCOL_VERSION}. Each channel is one event name; a client → server event is answered by its ack (the operation's reply).`,
        `Handshake: send \`auth: { protocol: ${PROTOCOL_VERSION}, token? }\` (components.schemas.HandshakeAuth); another protocol is refused with connect_error "unsupported_protocol". Browsers authenticate by the session cookie, other clients by a bearer token in \`auth.token\`; without either the socket is a lurker that can watch, not write.`,
        'A refused connection gets connect_error with message "unsupported_protocol", "rate_limited" (too many handshakes; data.retryAfter) or "unavailable" (the node is starting, draining or cannot reach its store; data.retryAfter). A browser page of another site (Origin not this host nor ALLOWED_ORIGINS) is refused at the transport: HTTP 403 { code: 4, message: "origin not allowed" }.',
        'Every payload is validated; a refused one is acked { ok: false, error: { code: "invalid_input", field, message } }. Error codes are those of the HTTP API.',
        'Narrative, examples and resuming after a reconnect: docs/API.md ("Realtime"). HTTP reference: /api/openapi.json.',
      ].join('\n\n'),
      'x-protocol-version': PROTOCOL_VERSION,
      tags: [
        { name: 'client-to-server', description: 'Events the client emits; each takes an ack callback.' },
        { name: 'server-to-client', description: 'Events the server emits to jam rooms, hosts or every socket.' },
      ],
    },
    defaultContentType: 'application/json',
    servers: {
      tweetjam: {
        host: url.host,
        protocol: url.protocol === 'https:' ? 'wss' : 'ws',
        pathname: '/socket.io',
        title: 'This server',
        description: 'Socket.IO v4 (Engine.IO 4): connect with socket.io-client to the origin; the path is /socket.io.',
        security: [ref('#/components/securitySchemes/sessionCookie'), ref('#/components/securitySchemes/bearerToken')],
      },
    },
    channels,
    operations,
    components: {
      schemas: schemas.components,
      messages,
      securitySchemes: {
        sessionCookie: { type: 'httpApiKey', name: 'tj_session', in: 'cookie', description: 'The browser session cookie, sent with the Socket.IO handshake.' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/auth/signin, sent as `auth.token` in the handshake (or an Authorization header).' },
      },
    },
  };
}
