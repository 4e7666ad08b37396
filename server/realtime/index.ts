import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ZodType } from 'zod';
import type { AckFn, ClientToServerEvents, PresenceView, ServerToClientEvents } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { jamJoinSchema, jamLeaveSchema, socketBoostSchema, socketModerateSchema, socketSendSchema, socketShowSchema } from '../../shared/schemas.ts';
import { fromZod, unauthenticated, unavailable } from '../errors.ts';
import { tokenFrom } from '../http/auth/session.ts';
import { toAppError } from '../http/onError.ts';
import { loadJamContext } from '../jams/context.ts';
import { presentMessage } from '../presenters.ts';
import type { Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';

export interface SocketData {
  user: UserRow | null;
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

/**
 * The Socket.IO edge: authenticate the handshake, validate every payload with the shared
 * schemas, call the domain, ack with the documented shape, and fan domain events out to rooms.
 */
export function attachRealtime(io: JamServer, services: Services, log: Logger) {
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as { protocol?: unknown; token?: unknown };
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(Object.assign(new Error('unsupported_protocol'), { data: { code: 'invalid_input', message: `this server speaks protocol ${PROTOCOL_VERSION}` } }));
    }
    const token = typeof auth.token === 'string' ? auth.token : tokenFrom(socket.handshake.headers);
    services.accounts
      .userForToken(token ?? undefined)
      .then((user) => {
        socket.data.user = user;
        next();
      })
      .catch((error: unknown) => next(Object.assign(new Error('unavailable'), { data: toAppError(error).toJSON() })));
  });

  io.on('connection', (socket) => {
    on(socket, 'jam:join', jamJoinSchema, async ({ slug, since }) => {
      const context = await loadJamContext(services.deps.store, slug);
      await socket.join(roomOf(slug));
      schedulePresence(slug);
      const jam = await services.jams.viewOf(context);
      const rows = since === undefined ? await services.deps.store.messages.latest(context.jam.id, JOIN_PAGE) : await services.deps.store.messages.after(context.jam.id, since, CATCH_UP_LIMIT);
      const messages = rows.map((row) => presentMessage(row, slug));
      return { jam, messages, hasEarlier: since === undefined ? (messages[0]?.seq ?? 1) > 1 : false, lastSeq: context.jam.last_seq, viewers: viewers(slug) };
    });

    on(socket, 'jam:leave', jamLeaveSchema, async ({ slug }) => {
      await socket.leave(roomOf(slug));
      schedulePresence(slug);
      return {};
    });

    on(socket, 'message:send', socketSendSchema, async ({ slug, ...input }) => {
      return services.posting.post(signedIn(socket), slug, input);
    });

    on(socket, 'show:control', socketShowSchema, async ({ slug, action, minutes }) => {
      return { show: await services.show.control(signedIn(socket), slug, action, minutes) };
    });

    on(socket, 'message:moderate', socketModerateSchema, async ({ slug, id, action, reason }) => {
      return { message: await services.moderation.moderate(signedIn(socket), slug, id, action, reason) };
    });

    on(socket, 'message:boost', socketBoostSchema, async ({ slug, id, boosted }) => {
      return { message: await services.boosts.boost(signedIn(socket), slug, id, boosted) };
    });

    socket.on('disconnecting', () => {
      for (const room of socket.rooms) if (room.startsWith('jam:')) schedulePresence(slugOfRoom(room));
    });
  });

  /** Handlers running now, and whether new ones are refused (graceful shutdown). */
  const inFlight = { count: 0, draining: false, idle: [] as (() => void)[] };

  /** Validates, runs, acks. A missing ack callback or a throwing handler never crashes the server. */
  function on<E extends keyof ClientToServerEvents, T>(socket: JamSocket, event: E, schema: ZodType<T>, handler: (input: T) => Promise<object>) {
    (socket.on as (event: string, listener: (...args: unknown[]) => void) => void)(event, (payload: unknown, ack: unknown) => {
      const reply: AckFn = typeof ack === 'function' ? (ack as AckFn) : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: fromZod(parsed.error).toJSON() });
      if (inFlight.draining) return reply({ ok: false, error: unavailable('this server is shutting down; nothing was done, retry shortly', 2).toJSON() });
      inFlight.count++;
      handler(parsed.data)
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

  function signedIn(socket: JamSocket): UserRow {
    if (!socket.data.user) throw unauthenticated('sign in to do that; lurkers can only watch');
    return socket.data.user;
  }

  const viewers = (slug: string) => io.of('/').adapter.rooms.get(roomOf(slug))?.size ?? 0;

  const pendingPresence = new Map<string, NodeJS.Timeout>();
  function schedulePresence(slug: string) {
    if (pendingPresence.has(slug)) return;
    const timer = setTimeout(() => {
      pendingPresence.delete(slug);
      void presence(slug).then((view) => io.to(roomOf(slug)).emit('presence:updated', view), (error: unknown) => log.warn({ err: error }, 'presence failed'));
    }, PRESENCE_EVERY_MS);
    timer.unref();
    pendingPresence.set(slug, timer);
  }

  async function presence(slug: string): Promise<PresenceView> {
    const context = await loadJamContext(services.deps.store, slug);
    const ids = io.of('/').adapter.rooms.get(roomOf(slug)) ?? new Set<string>();
    const people = new Set<string>();
    for (const id of ids) {
      const user = io.of('/').sockets.get(id)?.data.user;
      if (user) people.add(user.id);
    }
    const panelistsOnline = context.panelists.filter((p) => people.has(p.user_id)).map((p) => p.handle);
    return { jamSlug: slug, viewers: ids.size, participants: people.size, panelistsOnline };
  }

  const { events } = services.deps;
  const unsubscribe = [
    events.on('message:created', ({ jamSlug, message }) => io.to(roomOf(jamSlug)).emit('message:created', message)),
    events.on('message:updated', ({ jamSlug, message }) => io.to(roomOf(jamSlug)).emit('message:updated', message)),
    events.on('message:hidden', ({ jamSlug, id }) => io.to(roomOf(jamSlug)).emit('message:hidden', { jamSlug, id })),
    events.on('question:released', ({ jamSlug, question, show }) => io.to(roomOf(jamSlug)).emit('question:released', { jamSlug, question, show })),
    events.on('jam:updated', ({ jamSlug, reason, show }) => io.to(roomOf(jamSlug)).emit('jam:updated', { jamSlug, reason, show })),
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
      pendingPresence.forEach((timer) => clearTimeout(timer));
    },
  };
}

