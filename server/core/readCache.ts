import type { SanctionRow } from '../store/moderation.ts';
import type { UserRow } from '../store/users.ts';
import type { Clock } from './clock.ts';

/** Longest an entry is trusted without a drop: a bound on any change a drop missed, not the mechanism. */
const TTL_MS = 10_000;
/** Longest a write's answer waits for its drops to reach the other nodes. */
const RELAY_WAIT_MS = 1000;
/** Entries a cache holds before it starts afresh (memory stays bounded under many users). */
const MAX_ENTRIES = 50_000;

/**
 * Whether drops made on other nodes reach this one. `epoch()` is null while they may not (the
 * relay is down) and changes whenever some may have been lost, so entries of an older epoch are
 * never used. A single node is always in epoch 0.
 */
export interface DropLink {
  epoch(): number | null;
}

export const singleNode: DropLink = { epoch: () => 0 };

/**
 * Store reads kept in memory until a change drops them: the posting path read the session, the
 * sanctions and the rules acceptance on every post. Exact, not eventual: every write that could
 * change a kept read drops it as it commits (on other nodes through the relay), and a read that
 * was in flight across a drop is returned but not kept.
 */
export class ReadCache<V> {
  #entries = new Map<string, { value: V; until: number; epoch: number }>();
  /** Bumped by every drop: a read that began under an older generation may have missed it. */
  #generation = 0;

  constructor(
    private readonly clock: Clock,
    private readonly link: () => DropLink,
  ) {}

  /** The kept value, or `load`'s (kept until `until`, an epoch ms, when it says so; undefined is never kept). */
  async read(key: string, load: () => Promise<{ value: V; until?: number } | undefined>): Promise<V | undefined> {
    const now = this.clock.now().getTime();
    const epoch = this.link().epoch();
    const kept = this.#entries.get(key);
    if (kept && kept.epoch === epoch && now < kept.until) return kept.value;
    if (kept) this.#entries.delete(key);
    const generation = this.#generation;
    const loaded = await load();
    if (loaded && epoch !== null && generation === this.#generation && this.link().epoch() === epoch) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, { value: loaded.value, until: Math.min(now + TTL_MS, loaded.until ?? Infinity), epoch });
    }
    return loaded?.value;
  }

  /** Drops the entries `which` picks (by key and value). */
  drop(which: (key: string, value: V) => boolean): void {
    this.#generation++;
    for (const [key, entry] of this.#entries) if (which(key, entry.value)) this.#entries.delete(key);
  }

  /** Drops one key. */
  forget(key: string): void {
    this.#generation++;
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** The posting path's kept reads, and the changes that drop them (told locally by the domain, from other nodes by the relay). */
export class KeptReads {
  #link: DropLink = singleNode;
  /** Session id → its user, until the session expires. */
  readonly sessions: ReadCache<UserRow>;
  /** `user:series:jam` → sanctions in force, until the first of them expires. */
  readonly sanctions: ReadCache<SanctionRow[]>;
  /** `user:series` → the hash of the rules the user accepted. */
  readonly rules: ReadCache<string>;

  constructor(clock: Clock) {
    const link = () => this.#link;
    this.sessions = new ReadCache(clock, link);
    this.sanctions = new ReadCache(clock, link);
    this.rules = new ReadCache(clock, link);
  }

  /** Drops being published to the other nodes: a write's answer waits for them (see relayed). */
  #relaying = new Set<Promise<void>>();

  /** Clustered: entries are used only while other nodes' drops can arrive (see DropLink). */
  linkTo(link: DropLink): void {
    this.#link = link;
  }

  /** Tracks a drop's publication to the other nodes. */
  relaying(published: Promise<void>): void {
    // A Redis that takes commands but never answers must not hold every answer: wait a second at most.
    const late = new Promise<void>((resolve) => setTimeout(resolve, RELAY_WAIT_MS).unref());
    const tracked = Promise.race([published.catch(() => {}), late]).finally(() => this.#relaying.delete(tracked));
    this.#relaying.add(tracked);
  }

  /**
   * Resolves once every drop published so far has reached Redis, which passes it to the other
   * nodes before it answers: an edge awaits this before answering a write, so the client's next
   * request, wherever it lands, meets no copy the write made stale.
   */
  relayed(): Promise<void> {
    return this.#relaying.size === 0 ? Promise.resolve() : Promise.all(this.#relaying).then(() => {});
  }

  sessionClosed(sessionId: string): void {
    this.sessions.forget(sessionId);
  }

  userChanged(userId: string): void {
    this.sessions.drop((_, user) => user.id === userId);
  }

  standingChanged(userId: string, seriesId: string): void {
    this.sanctions.drop((key) => key.startsWith(`${userId}:${seriesId}:`));
    this.rules.forget(`${userId}:${seriesId}`);
  }
}
