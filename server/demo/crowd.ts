import { io, type Socket } from 'socket.io-client';
import type { Logger } from 'pino';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

type CrowdSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How many anonymous viewers the demo keeps in its live jam, drifting between these bounds. */
const LURKERS = { min: 14, max: 38 };
const DRIFT_EVERY_MS = 15_000;

/**
 * The demo's people in the room, through the real presence mechanism: each simulated panelist,
 * host and participant holds a signed-in Socket.IO connection to this server while the demo
 * runs (so they show as online while they post), and a drifting crowd of anonymous connections
 * are the lurkers that viewer counts include. Nothing is faked in the UI: these are sockets.
 */
export class DemoCrowd {
  #people = new Map<string, CrowdSocket>();
  #lurkers: CrowdSocket[] = [];
  #slug = '';
  #timer: NodeJS.Timeout | undefined;
  #target = LURKERS.min + Math.floor(Math.random() * (LURKERS.max - LURKERS.min));

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  /** Sends everyone to this jam (a new live jam when the last one ended). */
  watch(slug: string): void {
    this.#slug = slug;
    for (const socket of [...this.#people.values(), ...this.#lurkers]) if (socket.connected) void socket.emitWithAck('jam:join', { slug }).catch(() => undefined);
    this.#timer ??= setInterval(() => this.drift(), DRIFT_EVERY_MS).unref();
    this.drift();
  }

  /** A signed-in person joins the room (idempotent): they stay while the demo runs. */
  arrive(handle: string, token: string): void {
    if (this.#people.has(handle)) return;
    this.#people.set(handle, this.connect(token));
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const socket of [...this.#people.values(), ...this.#lurkers]) socket.disconnect();
    this.#people.clear();
    this.#lurkers = [];
  }

  /** Lurkers come and go a few at a time, as a real audience does. */
  private drift(): void {
    if (Math.random() < 0.3) this.#target = Math.max(LURKERS.min, Math.min(LURKERS.max, this.#target + Math.round((Math.random() - 0.45) * 8)));
    while (this.#lurkers.length < this.#target) this.#lurkers.push(this.connect(null));
    while (this.#lurkers.length > this.#target) this.#lurkers.pop()!.disconnect();
  }

  private connect(token: string | null): CrowdSocket {
    const socket: CrowdSocket = io(this.url, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, ...(token && { token }) }, reconnectionDelayMax: 5000 });
    socket.on('connect', () => {
      if (this.#slug) void socket.emitWithAck('jam:join', { slug: this.#slug }).catch(() => undefined);
    });
    socket.on('connect_error', (error) => this.log.debug({ err: error }, 'demo crowd connection refused'));
    return socket;
  }
}
