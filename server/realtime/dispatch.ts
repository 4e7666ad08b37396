import type { Logger } from 'pino';
import type { AckFn, ClientEventName, EventInput, EventResult } from '../../shared/protocol.ts';
import { clientEvents } from '../../shared/protocol.ts';
import { toAppError } from '../edge/errors.ts';
import { fromZod, unavailable } from '../errors.ts';
import type { DomainEvents } from '../core/events.ts';
import type { UserRow } from '../store/users.ts';
import type { SocketSessions } from './handshake.ts';
import type { JamSocket } from './socket.ts';
import type { EventKind, SocketLimits } from './socketLimits.ts';

/** Who sent an event: the socket and its user as of now. */
export interface Caller {
  socket: JamSocket;
  /** The user now (a session signed out since the handshake is none). */
  user(): Promise<UserRow | null>;
  /** The user now, or `unauthenticated`. */
  signedIn(): Promise<UserRow>;
  /** The client's address as HTTP reads it (TRUST_PROXY). */
  address(): string;
}

/** One event's handling: its rate-limit kind and the one domain call, given the payload its schema parsed. */
export interface Handler<E extends ClientEventName> {
  kind: EventKind;
  run(input: EventInput<E>, caller: Caller): Promise<EventResult<E>>;
}
/** Handlers for some events; the composition root needs one for every event of the map. */
export type Handlers<E extends ClientEventName = ClientEventName> = { [K in E]: Handler<K> };

/** A listener Socket.IO calls with the socket as `this`, so one function serves every socket. */
function onEverySocket(listener: (socket: JamSocket, event: string, payload: unknown, ack: unknown) => void) {
  return function (this: JamSocket, event: unknown, payload: unknown, ack: unknown): void {
    if (typeof event === 'string') listener(this, event, payload, ack);
  };
}

type LooseHandler = { kind: EventKind; run(input: unknown, caller: Caller): Promise<object> };

/**
 * The one registration path for client → server events: rate-limit → validate with the event's
 * schema from shared/protocol.ts → one domain call → ack `{ ok: true, ...result }` or
 * `{ ok: false, error }`. Also the drain gate of a graceful shutdown.
 */
export class Dispatcher {
  /** Handlers running now, and whether new ones are refused (graceful shutdown). */
  #inFlight = { count: 0, draining: false, idle: [] as (() => void)[] };

  constructor(
    private readonly handlers: Handlers,
    private readonly sessions: SocketSessions,
    private readonly limits: SocketLimits | null,
    private readonly events: DomainEvents,
    private readonly log: Logger,
    private readonly relayed: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /**
   * One listener, shared by every socket (Socket.IO calls it with the socket as `this`), for every
   * event of the map: a listener per event per socket cost ~3 KiB of closures, scopes and listener
   * tables on each idle lurker. Events outside the map are ignored, as before.
   */
  readonly #listener = onEverySocket((socket, event, payload, ack) => {
    if (Object.hasOwn(clientEvents, event)) this.dispatch(event as ClientEventName, this.handlers[event as ClientEventName] as unknown as LooseHandler, this.#caller(socket), payload, ack);
  });

  /** Registers every event of the map on a new socket. */
  register(socket: JamSocket): void {
    socket.onAny(this.#listener);
  }

  /** Built per event, so an idle socket holds none. */
  #caller(socket: JamSocket): Caller {
    return { socket, user: () => this.sessions.currentUser(socket), signedIn: () => this.sessions.signedIn(socket), address: () => this.sessions.address(socket) };
  }

  /** A missing ack callback or a throwing handler never crashes the server. */
  private dispatch(event: ClientEventName, handler: LooseHandler, caller: Caller, payload: unknown, ack: unknown): void {
    const { socket } = caller;
    const answer: AckFn = typeof ack === 'function' ? (ack as AckFn) : () => {};
    const reply: AckFn = (result) => {
      if (!result.ok) this.events.emit('request:refused', { edge: 'socket', code: result.error.code });
      answer(result);
    };
    const inFlight = this.#inFlight;
    if (inFlight.draining) return reply({ ok: false, error: unavailable('this server is shutting down; nothing was done, retry shortly', 2).toJSON() });
    inFlight.count++;
    // Limits first: a flood is refused before its payloads cost a parse.
    (this.limits ? this.limits.admit({ id: socket.id, userId: socket.data.user?.id ?? null, address: this.sessions.address(socket) }, handler.kind) : Promise.resolve())
      .then(() => {
        const parsed = clientEvents[event].payload.safeParse(payload);
        if (!parsed.success) throw fromZod(parsed.error);
        return handler.run(parsed.data, caller);
      })
      // A write's drops of kept reads reach the other nodes before its answer (KeptReads.relayed).
      .then(async (result) => (await this.relayed(), reply({ ok: true, ...result })))
      .catch((error: unknown) => {
        const appError = toAppError(error);
        if (appError.code === 'internal') this.log.error({ err: error, event }, 'socket event failed');
        else if (appError.code === 'unavailable') this.log.warn({ err: error, event, socket: socket.id }, 'socket event refused: unavailable');
        reply({ ok: false, error: appError.toJSON() });
      })
      .finally(() => --inFlight.count === 0 && inFlight.idle.splice(0).forEach((resolve) => resolve()));
  }

  /** Refuses new events (retryable) and resolves once every running handler has acked. */
  drain(): Promise<void> {
    this.#inFlight.draining = true;
    return this.#inFlight.count === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.#inFlight.idle.push(resolve));
  }
}
