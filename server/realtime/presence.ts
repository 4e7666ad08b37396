import type { Logger } from 'pino';
import type { Here, Joining } from '../jams/joining.ts';
import type { ClusterPresence } from './clusterPresence.ts';
import { roomOf, type JamServer } from './socket.ts';

const PRESENCE_EVERY_MS = 2000;

/** Who is here per jam (counted across nodes), told to each jam room at most every 2 s. */
export class RoomPresence {
  readonly #pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly io: JamServer,
    private readonly cluster: ClusterPresence,
    private readonly joining: Joining,
    private readonly log: Logger,
  ) {}

  viewers(slug: string): number {
    return this.cluster.viewers(roomOf(slug));
  }

  lurkers(slug: string): number {
    return this.cluster.lurkers(roomOf(slug));
  }

  here(slug: string): Here {
    const room = roomOf(slug);
    return { userIds: this.cluster.users(room), viewers: this.cluster.viewers(room), lurkers: this.cluster.lurkers(room) };
  }

  /** Someone came or went: the room hears the new counts within PRESENCE_EVERY_MS, once however many changed. */
  schedule(slug: string): void {
    if (this.#pending.has(slug)) return;
    const timer = setTimeout(() => {
      this.#pending.delete(slug);
      // Local only: every node tells its own sockets the cluster-wide counts.
      this.joining.presence(slug, this.here(slug)).then(
        (view) => this.io.local.to(roomOf(slug)).emit('presence:updated', view),
        (error: unknown) => this.log.warn({ err: error }, 'presence failed'),
      );
    }, PRESENCE_EVERY_MS);
    timer.unref();
    this.#pending.set(slug, timer);
  }

  close(): void {
    this.#pending.forEach((timer) => clearTimeout(timer));
    this.#pending.clear();
  }
}
