import { z } from './zod.ts';
import { apiErrorSchema, type ApiError } from './errors.ts';
import { audienceQuestionViewSchema, automodActionViewSchema, interactionStateSchema, pollViewSchema, socketAskSchema, socketBallotSchema, socketInteractionSyncSchema, socketVoteSchema } from './interaction.ts';
import { authorRoleSchema, jamViewSchema, messageViewSchema, questionViewSchema, showStateSchema } from './model.ts';
import { reportViewSchema, socketDeleteSchema, socketReportSchema, viewerStateSchema } from './moderation.ts';
import { jamJoinSchema, jamLeaveSchema, socketBoostSchema, socketModerateSchema, socketSendSchema, socketShowSchema } from './model.ts';

/**
 * The realtime contract, declared once: every Socket.IO event per direction with its zod payload
 * schema and (client → server) its ack result. The server validates and registers handlers from
 * this map, the client's types are inferred from it, and GET /api/asyncapi.json is generated from
 * it. Bump PROTOCOL_VERSION on any breaking change; the server refuses handshakes that name another.
 */
export const PROTOCOL_VERSION = 1;

/** Who is here in a jam: counts across every node, names of the signed-in. */
export const presenceViewSchema = z
  .object({
    jamSlug: z.string(),
    viewers: z.number().int().meta({ description: 'Every open connection watching, signed in or not' }),
    participants: z.number().int().meta({ description: 'Signed-in people present (distinct; hosts and panelists included)' }),
    lurkers: z.number().int().meta({ description: 'Connections without an account; participants + lurkers is everyone here' }),
    panelistsOnline: z.array(z.string()),
    people: z.array(z.object({ handle: z.string(), displayName: z.string(), role: authorRoleSchema })).meta({ description: 'Who is here by name (up to 100)' }),
    hostsOnline: z.array(z.string()).optional().meta({ description: "Handles of the series' hosts with a connection open to this jam" }),
  })
  .meta({ id: 'PresenceView' });
export type PresenceView = z.infer<typeof presenceViewSchema>;

/** What `jam:join` answers: the jam, where its stream stands, the caller's standing and who is here. */
export const jamJoinResultSchema = z
  .object({
    jam: jamViewSchema,
    messages: z.array(messageViewSchema).meta({ description: 'Visible messages after `since` (or the latest page when joining fresh), in seq order' }),
    hasEarlier: z.boolean().meta({ description: 'True when older messages exist before the first one returned' }),
    lastSeq: z.number().int().meta({ description: 'The highest seq in the jam at join time' }),
    viewers: z.number().int(),
    viewer: viewerStateSchema.nullable().optional().meta({ description: "The caller's standing (role, rules, mute/ban); null for lurkers" }),
    presence: presenceViewSchema.optional().meta({ description: 'Who is here right now, so the here-now list fills with the join' }),
  })
  .meta({ id: 'JamJoinResult' });
export type JamJoinResult = z.infer<typeof jamJoinResultSchema>;

const messageResult = z.object({ message: messageViewSchema });

/** One client → server event: its payload, what a successful ack carries besides `ok: true`, and who may send it. */
export interface ClientEventSpec {
  summary: string;
  payload: z.ZodType;
  result: z.ZodObject;
  /** The ack callback may be left out (nothing to wait for). */
  ackOptional?: true;
}

/** Client → server: the server registers exactly these, validating each payload with its schema. */
export const clientEvents = {
  'jam:join': {
    summary: "Join a jam's room; with `since` (the last seq you hold) the ack carries what you missed (up to 1000). Not needed before writes.",
    payload: jamJoinSchema,
    result: jamJoinResultSchema,
  },
  'jam:leave': { summary: "Leave a jam's room (no more broadcasts from it).", payload: jamLeaveSchema, result: z.object({}), ackOptional: true },
  'message:send': {
    summary: 'Post a message (signed in, while live; hosts also before the start); idempotent by client id. Stored before the ack, then fanned out.',
    payload: socketSendSchema,
    result: z.object({ message: messageViewSchema, duplicate: z.boolean() }),
  },
  'show:control': { summary: 'Run the show (hosts): start, release_next, extend (with minutes), end.', payload: socketShowSchema, result: z.object({ show: showStateSchema }) },
  'message:boost': { summary: 'Boost (or un-boost) a message; anyone signed in.', payload: socketBoostSchema, result: messageResult },
  'message:moderate': { summary: 'Hide, unhide, feature or unfeature a message (hosts).', payload: socketModerateSchema, result: messageResult },
  'message:delete': { summary: 'Delete a message: hosts any, authors their own.', payload: socketDeleteSchema, result: z.object({ deleted: z.literal(true) }) },
  'message:report': { summary: "Report a message to the hosts' moderation queue (signed in, not banned).", payload: socketReportSchema, result: z.object({ reported: z.boolean() }) },
  'interaction:sync': {
    summary: 'Audience questions and polls changed after `since` (0: everything), as the caller may see them.',
    payload: socketInteractionSyncSchema,
    result: z.object({ state: interactionStateSchema }),
  },
  'audience:ask': {
    summary: 'Ask the panel a question (signed in, while live); idempotent by client id.',
    payload: socketAskSchema,
    result: z.object({ question: audienceQuestionViewSchema, duplicate: z.boolean() }),
  },
  'audience:vote': { summary: 'Vote for (or withdraw the vote on) an audience question; one per person.', payload: socketVoteSchema, result: z.object({ question: audienceQuestionViewSchema }) },
  'poll:vote': { summary: 'Cast or change a ballot (option index) while the poll is open.', payload: socketBallotSchema, result: z.object({ poll: pollViewSchema }) },
} as const satisfies Record<string, ClientEventSpec>;

/** Who receives a server → client event. */
export const Recipients = {
  room: "every socket that joined the jam's room",
  hosts: "the hosts' sockets in the jam's room",
  socket: 'each connected socket of the node',
} as const;

/** One server → client event: its payload and who gets it. */
export interface ServerEventSpec {
  summary: string;
  payload: z.ZodType;
  to: keyof typeof Recipients;
}

/** Server → client: every event the server emits. */
export const serverEvents = {
  'message:created': { summary: "A new visible message, in store order per jam: insert by seq; ignore an id you have unless yours is held (an approved post gets a new seq).", payload: messageViewSchema, to: 'room' },
  'message:updated': { summary: 'A message changed (featured, boosts, unhidden): replace it by id.', payload: messageViewSchema, to: 'room' },
  'message:hidden': { summary: 'A message was hidden: remove it everywhere.', payload: z.object({ jamSlug: z.string(), id: z.string() }), to: 'room' },
  'question:released': {
    summary: 'A question was released: pin it; show.nextQuestionAt is the countdown.',
    payload: z.object({ jamSlug: z.string(), question: questionViewSchema, show: showStateSchema }),
    to: 'room',
  },
  'jam:updated': {
    summary: 'The show changed (started, extended, ended, edited): replace the show state.',
    payload: z.object({ jamSlug: z.string(), reason: z.enum(['started', 'extended', 'ended', 'edited']), show: showStateSchema }),
    to: 'room',
  },
  'presence:updated': { summary: 'Who is here, at most every 2 s per jam.', payload: presenceViewSchema, to: 'room' },
  'moderation:queued': {
    summary: 'Hosts only: a message awaits approval (held), or was reported.',
    payload: z.object({ jamSlug: z.string(), kind: z.enum(['held', 'report']), message: messageViewSchema, report: reportViewSchema.nullable() }),
    to: 'hosts',
  },
  'audience:updated': {
    summary: 'An audience question changed (asked, votes, answered, merged, promoted; hidden ones arrive blanked). Keep the highest version per id.',
    payload: audienceQuestionViewSchema,
    to: 'room',
  },
  'poll:updated': { summary: 'A poll changed (ballots, opened, closed, revealed); counts are null while hidden from the viewer. Keep the highest version per id.', payload: pollViewSchema, to: 'room' },
  'automod:acted': { summary: 'Hosts only: automatic moderation held or hid a post.', payload: automodActionViewSchema, to: 'hosts' },
  'server:shutdown': {
    summary:
      'This node is shutting down. Every post it acknowledged is stored; the connection closes next: reconnect after about reconnectInMs, re-join with since, resend unacked posts with their client id.',
    payload: z.object({ reconnectInMs: z.number().int().min(0) }),
    to: 'socket',
  },
} as const satisfies Record<string, ServerEventSpec>;

/** What the client sends in the Socket.IO handshake `auth`. */
export const handshakeAuthSchema = z
  .object({
    protocol: z.number().int().meta({ description: `The protocol version spoken (this server: ${PROTOCOL_VERSION}); another is refused with connect_error "unsupported_protocol"` }),
    token: z.string().optional().meta({ description: 'A bearer token for non-browser clients; browsers use the session cookie' }),
  })
  .meta({ id: 'HandshakeAuth' });
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

type ClientEvents = typeof clientEvents;
type ServerEvents = typeof serverEvents;
export type ClientEventName = keyof ClientEvents;
export type ServerEventName = keyof ServerEvents;
/** What a client sends for an event (defaults may be left out). */
export type EventRequest<E extends ClientEventName> = z.input<ClientEvents[E]['payload']>;
/** What the server's handler receives: the payload as its schema parsed it. */
export type EventInput<E extends ClientEventName> = z.output<ClientEvents[E]['payload']>;
/** What a successful ack carries besides `ok: true`. */
export type EventResult<E extends ClientEventName> = z.infer<ClientEvents[E]['result']>;
export type ServerPayload<E extends ServerEventName> = z.infer<ServerEvents[E]['payload']>;

/** Every ack: `{ ok: true, ...result }` or `{ ok: false, error }` with the HTTP error vocabulary. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ApiError };
export type AckFn<T extends object = object> = (response: Ack<T>) => void;

/** The ack of an event as a schema: success with its result, or the error (docs, tests). */
export function ackSchemaOf(result: z.ZodObject) {
  return z.discriminatedUnion('ok', [result.extend({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: apiErrorSchema })]);
}

export type ClientToServerEvents = {
  [E in ClientEventName]: ClientEvents[E] extends { ackOptional: true }
    ? (request: EventRequest<E>, ack?: AckFn<EventResult<E>>) => void
    : (request: EventRequest<E>, ack: AckFn<EventResult<E>>) => void;
};
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerPayload<E>) => void };
