import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import type { AckFn, ClientToServerEvents, PresenceView, ServerToClientEvents } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { socketDeleteSchema, socketReportSchema } from '../../shared/moderation.ts';
import { jamJoinSchema, jamLeaveSchema, socketBoostSchema, socketModerateSchema, socketSendSchema, socketShowSchema } from '../../shared/schemas.ts';
import { tokenId } from '../auth/accounts.ts';
import { fromZod, unauthenticated, unavailable } from '../errors.ts';
import { tokenFrom } from '../http/auth/session.ts';
import { toAppError } from '../http/onError.ts';
import { rateLimitConfig, type RateLimitOptions } from '../http/rateLimits.ts';
import { isAllowedOrigin } from '../http/security.ts';
import { loadJamContext, roleIn } from '../jams/context.ts';
import { viewerIdentity } from '../metrics/viewers.ts';
import { presentMessage } from '../presenters.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';
import { EventLimiter } from './eventLimiter.ts';
import { ClusterPresence } from './clusterPresence.ts';

export interface SocketData {
  /** Without its password hash: socket data crosses nodes (fetchSockets) with a Redis adapter. */
  user: UserRow | null;
  /** Hash of the session token (never the token): names the room sign-out disconnects. */
  sessionId: string | null;
}
export type JamServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type JamSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const roomOf = (slug: string) => `jam:${slug}`;
const slugOfRoom = (room: string) => room.slice(4);

/** Messages a fresh join receives; older ones come from GET /api/jams/:slug/messages. */
const JOIN_PAGE = 200;
/** A resuming client gets at most this many missed messages in the ack; it pages for more. */
const CATCH_UP_LIMIT = 1000;
const PRESENCE_EVERY_MS = 2000;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const withoutSecrets = (user: UserRow | null): UserRow | null => user && { ...user, password_hash: '' };

/**
 * Socket.IO `allowRequest`: the `cors` option does not stop WebSocket upgrades from other sites,
 * so the Origin is checked here (same host, or ALLOWED_ORIGINS). No Origin: a non-browser client.
 */
export function allowSameOrigin(req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void {
  const ok = isAllowedOrigin(req.headers.origin, req.headers.host);
  callback(ok ? null : 'origin not allowed', ok);
}

/**
 * The Socket.IO edge: authenticate the handshake, validate every payload with the shared
 * schemas, call the domain, ack with the documented shape, and fan domain events out to rooms.
 */
export function attachRealtime(io: JamServer, services: Services, log: Logger, options: { rateLimits?: RateLimitOptions; clustered?: boolean } = {}) {
  /** The session token each socket authenticated with, kept off socket.data so it never crosses nodes. */
  const tokens = new WeakMap<JamSocket, string>();
  const limitConfig = rateLimitConfig(options.rateLimits);
  const limits = limitConfig && {
    user: new EventLimiter(limitConfig.store('rl:socket-user:'), limitConfig.socketWritesPerUser, 10_000, 'too many actions'),
    ip: new EventLimiter(limitConfig.store('rl:socket-ip:'), limitConfig.socketEventsPerIp, 10_000, 'too many events from your network'),
  };
  // Viewer counts span every node when rooms are shared (Redis adapter).
  const cluster = new ClusterPresence(io, options.clustered ?? false, (room) => {
    if (io.of('/').adapter.rooms.has(room)) schedulePresence(slugOfRoom(room));
  });

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { protocol?: unknown; token?: unknown };
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(Object.assign(new Error('unsupported_protocol'), { data: { code: 'invalid_input', message: `this server speaks protocol ${PROTOCOL_VERSION}` } }));
    }
    const token = typeof auth.token === 'string' ? auth.token : tokenFrom(socket.handshake.headers);
    // A handshake counts as an event of its IP, so a reconnect flood meets the same limit.
    (limits ? limits.ip.hit(socket.handshake.address) : Promise.resolve())
      .then(() => services.accounts.userForToken(token ?? undefined))
      .then((user) => {
        socket.data.user = withoutSecrets(user);
        socket.data.sessionId = user && token ? tokenId(token) : null;
        if (user && token) tokens.set(socket, token);
        next();
      })
      .catch((error: unknown) => {
        const appError = toAppError(error);
        next(Object.assign(new Error(appError.code === 'rate_limited' ? 'rate_limited' : 'unavailable'), { data: appError.toJSON() }));
      });
  });

  io.on('connection', (socket) => {
    if (socket.data.sessionId) void socket.join(sessionRoom(socket.data.sessionId));

    on(socket, 'jam:join', jamJoinSchema, 'read', async ({ slug, since }) => {
      const user = await currentUser(socket);
      const context = await loadJamContext(services.deps.store, slug);
      await socket.join(roomOf(slug));
      schedulePresence(slug);
      // Viewer counting (metrics) never delays or fails a join.
      services.metrics.viewers.joined(context.jam, viewerIdentity(socket.handshake, socket.data.user?.id ?? null)).catch((error: unknown) => log.warn({ err: error }, 'viewer count failed'));
      const jam = await services.jams.viewOf(context);
      const rows = since === undefined ? await services.deps.store.messages.latest(context.jam.id, JOIN_PAGE) : await services.deps.store.messages.after(context.jam.id, since, CATCH_UP_LIMIT);
      const messages = rows.map((row) => presentMessage(row, slug));
      const viewer = await services.standing.viewerOf(context, user);
      return { jam, messages, hasEarlier: since === undefined ? (messages[0]?.seq ?? 1) > 1 : false, lastSeq: context.jam.last_seq, viewers: viewers(slug), viewer };
    });

    on(socket, 'jam:leave', jamLeaveSchema, 'read', async ({ slug }) => {
      await socket.leave(roomOf(slug));
      schedulePresence(slug);
      return {};
    });

    // Every write re-reads the session and the domain re-checks role, ban and mute: a sign-out,
    // a ban or a demotion takes effect on an already-open socket at its next event.
    on(socket, 'message:send', socketSendSchema, 'write', async ({ slug, ...input }) => {
      return services.posting.post(await signedIn(socket), slug, input);
    });

    on(socket, 'show:control', socketShowSchema, 'write', async ({ slug, action, minutes }) => {
      return { show: await services.show.control(await signedIn(socket), slug, action, minutes) };
    });

    on(socket, 'message:moderate', socketModerateSchema, 'write', async ({ slug, id, action, reason }) => {
      return { message: await services.moderation.moderate(await signedIn(socket), slug, id, action, reason) };
    });

    on(socket, 'message:boost', socketBoostSchema, 'write', async ({ slug, id, boosted }) => {
      return { message: await services.boosts.boost(await signedIn(socket), slug, id, boosted) };
    });

    on(socket, 'message:delete', socketDeleteSchema, 'write', async ({ slug, id, reason }) => {
      await services.moderation.delete(await signedIn(socket), slug, id, reason);
      return { deleted: true as const };
    });

    on(socket, 'message:report', socketReportSchema, 'write', async ({ slug, id, reason }) => {
      return services.queue.report(await signedIn(socket), slug, id, reason);
    });

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith('jam:')) schedulePresence(slugOfRoom(room));
    });
  });

  /** Handlers running now, and whether new ones are refused (graceful shutdown). */
  const inFlight = { count: 0, draining: false, idle: [] as (() => void)[] };

  /** Rate-limits, validates, runs, acks. A missing ack callback or a throwing handler never crashes the server. */
  function on<E extends keyof ClientToServerEvents, T>(socket: JamSocket, event: E, schema: ZodType<T>, kind: 'read' | 'write', handler: (input: T) => Promise<object>) {
    (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event, (payload: unknown, ack: unknown) => {
      const reply: AckFn = typeof ack === 'function' ? (ack as AckFn) : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: fromZod(parsed.error).toJSON() });
      if (inFlight.draining) return reply({ ok: false, error: unavailable('this server is shutting down; nothing was done, retry shortly', 2).toJSON() });
      inFlight.count++;
      limit(socket, kind)
        .then(() => handler(parsed.data))
        .then((result) => reply({ ok: true, ...result }))
        .catch((error: unknown) => {
          const appError = toAppError(error);
          if (appError.code === 'internal') log.error({ err: error, event }, 'socket event failed');
          else if (appError.code === 'unavailable') log.warn({ err: error, event, socket: socket.id }, 'socket event refused: unavailable');
          reply({ ok: false, error: appError.toJSON() });
        })
        .finally(() => --inFlight.count === 0 && inFlight.idle.splice(0).forEach((resolve) => resolve()));
    });
  }

  async function limit(socket: JamSocket, kind: 'read' | 'write'): Promise<void> {
    if (!limits) return;
    await limits.ip.hit(socket.handshake.address);
    if (kind === 'write') await limits.user.hit(socket.data.user ? `u:${socket.data.user.id}` : `s:${socket.id}`);
  }

  /** The socket's user as of now: a session signed out (or expired) since the handshake counts as none. */
  async function currentUser(socket: JamSocket): Promise<UserRow | null> {
    const token = tokens.get(socket);
    if (!token) return null;
    const user = await services.accounts.userForToken(token);
    socket.data.user = withoutSecrets(user);
    if (!user) {
      tokens.delete(socket);
      socket.data.sessionId = null;
    }
    return user;
  }

  async function signedIn(socket: JamSocket): Promise<UserRow> {
    const user = await currentUser(socket);
    if (!user) throw unauthenticated('sign in to do that; lurkers can only watch');
    return user;
  }

  /** Hosts-only notices go to each host's sockets in the jam room, roles read fresh at send time. */
  async function toHosts(jamSlug: string, payload: Parameters<ServerToClientEvents['moderation:queued']>[0]): Promise<void> {
    const [context, sockets] = await Promise.all([loadJamContext(services.deps.store, jamSlug), io.in(roomOf(jamSlug)).fetchSockets()]);
    for (const socket of sockets) {
      const user = socket.data.user;
      if (user && roleIn(context, user.id) === 'host') socket.emit('moderation:queued', payload);
    }
  }
  const warn = (error: unknown) => log.warn({ err: error }, 'host notice failed');

  const viewers = (slug: string) => cluster.viewers(roomOf(slug));
  const lurkers = (slug: string) => [...(io.of('/').adapter.rooms.get(roomOf(slug)) ?? [])].filter((id) => !io.of('/').sockets.get(id)?.data.user).length;
  services.metrics.viewers.attach({ viewers, lurkers });

  const pendingPresence = new Map<string, NodeJS.Timeout>();
  function schedulePresence(slug: string) {
    if (pendingPresence.has(slug)) return;
    const timer = setTimeout(() => {
      pendingPresence.delete(slug);
      // Local only: every node tells its own sockets the cluster-wide counts.
      void presence(slug).then((view) => io.local.to(roomOf(slug)).emit('presence:updated', view), (error: unknown) => log.warn({ err: error }, 'presence failed'));
    }, PRESENCE_EVERY_MS);
    timer.unref();
    pendingPresence.set(slug, timer);
  }

  async function presence(slug: string): Promise<PresenceView> {
    const context = await loadJamContext(services.deps.store, slug);
    const people = cluster.users(roomOf(slug));
    const panelistsOnline = context.panelists.filter((p) => people.has(p.user_id)).map((p) => p.handle);
    return { jamSlug: slug, viewers: viewers(slug), participants: people.size, panelistsOnline };
  }

  const { events } = services.deps;
  const unsubscribe = [
    events.on('message:created', ({ jamSlug, message }) => io.to(roomOf(jamSlug)).emit('message:created', message)),
    events.on('message:updated', ({ jamSlug, message }) => io.to(roomOf(jamSlug)).emit('message:updated', message)),
    events.on('message:hidden', ({ jamSlug, id }) => io.to(roomOf(jamSlug)).emit('message:hidden', { jamSlug, id })),
    events.on('question:released', ({ jamSlug, question, show }) => io.to(roomOf(jamSlug)).emit('question:released', { jamSlug, question, show })),
    events.on('jam:updated', ({ jamSlug, reason, show }) => io.to(roomOf(jamSlug)).emit('jam:updated', { jamSlug, reason, show })),
    events.on('message:held', ({ jamSlug, message }) => void toHosts(jamSlug, { jamSlug, kind: 'held', message, report: null }).catch(warn)),
    events.on('message:reported', ({ jamSlug, report }) => void toHosts(jamSlug, { jamSlug, kind: 'report', message: report.message, report }).catch(warn)),
    events.on('session:closed', ({ sessionId }) => io.in(sessionRoom(sessionId)).disconnectSockets(true)),
  ];

  return {
    presence: { viewers },
    /** Refuses new events (retryable) and resolves once every running handler has acked. */
    drain(): Promise<void> {
      inFlight.draining = true;
      return inFlight.count === 0 ? Promise.resolve() : new Promise<void>((resolve) => inFlight.idle.push(resolve));
    },
    close() {
      unsubscribe.forEach((off) => off());
      cluster.close();
      pendingPresence.forEach((timer) => clearTimeout(timer));
      if (limits) void Promise.all([limits.user.close(), limits.ip.close()]);
    },
  };
}

