import { AppError, rateLimited } from '../errors.ts';
import type { RateLimitConfig } from '../edge/rateLimits.ts';
import { EventLimiter } from './eventLimiter.ts';

/** What an event costs: a join sends a page of messages, a write reaches the store. */
export type EventKind = 'read' | 'join' | 'write';

const WINDOW_MS = 10_000;

/** One socket's counters in the current window (sockets live on one node, so these stay local). */
interface SocketWindow {
  startedAt: number;
  events: number;
  joins: number;
  refusals: number;
}

/** Who a socket is, for the limits: its account (if signed in) and its address as HTTP reads it. */
export interface SocketIdentity {
  id: string;
  userId: string | null;
  address: string;
}

/**
 * Socket limits, tightest first: per socket (all events, and joins, which send a page of messages),
 * per account (writes, shared across nodes through the store), and per address only as a loose
 * outer bound, so one flooder never silences the people beside it (a venue, an office, a proxy).
 * A refused event counts against nothing further on. A socket that keeps flooding past its
 * refusals is cut off, and its account may not reconnect for a while.
 *
 * Every refusal goes through `refuse`, the one place a socket limit says no.
 */
export class SocketLimits {
  readonly #windows = new Map<string, SocketWindow>();
  /** Accounts cut off for flooding → when they may connect again (this node). */
  readonly #coolingOff = new Map<string, number>();
  readonly #account: EventLimiter;
  readonly #address: EventLimiter;

  constructor(
    private readonly config: RateLimitConfig,
    /** Called when a socket is cut off for flooding (the edge disconnects it). */
    private readonly cutOff: (socketId: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#account = new EventLimiter(config.store('rl:socket-user:'), config.socketWritesPerUser, WINDOW_MS, 'too many actions');
    this.#address = new EventLimiter(config.store('rl:socket-ip:'), config.socketEventsPerIp, WINDOW_MS, 'too many events from your network');
  }

  /** A handshake: refused while the account cools off, and counted as one event of its address. */
  async admitHandshake(userId: string | null, address: string): Promise<void> {
    const until = userId ? this.#coolingOff.get(userId) : undefined;
    if (until !== undefined) {
      if (until > this.now()) throw rateLimited(`this account was cut off for flooding; try again in ${Math.ceil((until - this.now()) / 1000)} s`, Math.ceil((until - this.now()) / 1000));
      this.#coolingOff.delete(userId!);
    }
    await this.#address.hit(address);
  }

  /** Counts one event, or throws rate_limited (and cuts a persistent flooder off). */
  async admit(socket: SocketIdentity, kind: EventKind): Promise<void> {
    const window = this.#window(socket.id);
    if (window.events >= this.config.socketEventsPerSocket) this.refuse(socket, window, 'too many events on this connection');
    if (kind === 'join' && window.joins >= this.config.socketJoinsPerSocket) this.refuse(socket, window, 'too many joins on this connection');
    window.events++;
    if (kind === 'join') window.joins++;
    try {
      if (kind === 'write') await this.#account.hit(socket.userId ? `u:${socket.userId}` : `s:${socket.id}`);
      await this.#address.hit(socket.address);
    } catch (error) {
      if (error instanceof AppError && error.code === 'rate_limited') this.refuse(socket, window, error.message, error.retryAfter);
      throw error;
    }
  }

  /** The socket is gone: forget its window. */
  forget(socketId: string): void {
    this.#windows.delete(socketId);
  }

  close(): Promise<unknown> {
    return Promise.all([this.#account.close(), this.#address.close()]);
  }

  private refuse(socket: SocketIdentity, window: SocketWindow, message: string, retryAfter?: number): never {
    window.refusals++;
    if (window.refusals >= this.config.socketFloodRefusals) {
      if (socket.userId) this.#coolOff(socket.userId);
      this.cutOff(socket.id);
    }
    const wait = retryAfter ?? Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - this.now()) / 1000));
    throw rateLimited(message.includes('try again') ? message : `${message}; try again in ${wait} s`, wait);
  }

  #coolOff(userId: string): void {
    const now = this.now();
    // Bounded memory under a many-account flood: expired entries go first.
    if (this.#coolingOff.size >= 10_000) for (const [id, until] of this.#coolingOff) if (until <= now) this.#coolingOff.delete(id);
    this.#coolingOff.set(userId, now + this.config.socketCoolOffMs);
  }

  #window(socketId: string): SocketWindow {
    const now = this.now();
    let window = this.#windows.get(socketId);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, events: 0, joins: 0, refusals: 0 };
      this.#windows.set(socketId, window);
    }
    return window;
  }
}
