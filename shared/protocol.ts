import type { ApiError } from './errors.ts';
import type { JamView, MessageView, QuestionView, ShowState } from './model.ts';
import type { ReportView, ViewerState } from './moderation.ts';
import type { ModerationAction, ShowAction } from './schemas.ts';

/**
 * The realtime contract, typed once for server and client. Bump PROTOCOL_VERSION on any breaking
 * change; the server refuses handshakes that name another version.
 */
export const PROTOCOL_VERSION = 1;

/** Every ack: `{ ok: true, ...result }` or `{ ok: false, error }` with the HTTP error vocabulary. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ApiError };
export type AckFn<T extends object = object> = (response: Ack<T>) => void;

export interface JamJoinResult {
  jam: JamView;
  /** Visible messages after `since` (or the latest page when joining fresh), in seq order. */
  messages: MessageView[];
  /** True when older messages exist before the first one returned. */
  hasEarlier: boolean;
  /** The highest seq in the jam at join time. */
  lastSeq: number;
  viewers: number;
  /** The caller's standing (role, rules, mute/ban); null for lurkers. */
  viewer?: ViewerState | null;
}

export interface PresenceView {
  jamSlug: string;
  /** Every open connection watching, signed in or not. */
  viewers: number;
  /** Signed-in people present. */
  participants: number;
  panelistsOnline: string[];
}

export interface ClientToServerEvents {
  'jam:join': (request: { slug: string; since?: number }, ack: AckFn<JamJoinResult>) => void;
  'jam:leave': (request: { slug: string }, ack?: AckFn) => void;
  'message:send': (request: { slug: string; clientId: string; text: string; replyTo?: string | null }, ack: AckFn<{ message: MessageView; duplicate: boolean }>) => void;
  'show:control': (request: { slug: string; action: ShowAction; minutes?: number }, ack: AckFn<{ show: ShowState }>) => void;
  /** Boost (or un-boost) a message; anyone signed in. */
  'message:boost': (request: { slug: string; id: string; boosted: boolean }, ack: AckFn<{ message: MessageView }>) => void;
  'message:moderate': (request: { slug: string; id: string; action: ModerationAction; reason?: string }, ack: AckFn<{ message: MessageView }>) => void;
  /** Hosts delete any message, authors their own. */
  'message:delete': (request: { slug: string; id: string; reason?: string }, ack: AckFn<{ deleted: true }>) => void;
  /** Anyone signed in (not banned) reports a message to the hosts' moderation queue. */
  'message:report': (request: { slug: string; id: string; reason: string }, ack: AckFn<{ reported: boolean }>) => void;
}

export interface ServerToClientEvents {
  /** A new visible message, in store order per jam. */
  'message:created': (message: MessageView) => void;
  /** A message changed (featured, unhidden): replace it by id. */
  'message:updated': (message: MessageView) => void;
  /** A message was hidden: remove it everywhere. */
  'message:hidden': (payload: { jamSlug: string; id: string }) => void;
  'question:released': (payload: { jamSlug: string; question: QuestionView; show: ShowState }) => void;
  'jam:updated': (payload: { jamSlug: string; reason: 'started' | 'extended' | 'ended' | 'edited'; show: ShowState }) => void;
  'presence:updated': (payload: PresenceView) => void;
  /** Hosts only: a message awaits approval, or was reported. */
  'moderation:queued': (payload: { jamSlug: string; kind: 'held' | 'report'; message: MessageView; report: ReportView | null }) => void;
  /**
   * This node is shutting down (deploy, restart). Every post it acknowledged is stored; the
   * connection closes next and the client reconnects after about `reconnectInMs`, re-joining with
   * `since` (or recovered by Socket.IO). Unacked sends are retried with the same client id.
   */
  'server:shutdown': (payload: { reconnectInMs: number }) => void;
}

/** What the client sends in the Socket.IO handshake `auth`. */
export interface HandshakeAuth {
  protocol: number;
  /** A bearer token for non-browser clients; browsers use the session cookie. */
  token?: string;
}
