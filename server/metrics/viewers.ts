import { createHmac, randomBytes } from 'node:crypto';
import { loadJamContextFor, showOf } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { JamRow } from '../store/jams.ts';
import type { MetricsQueries } from './queries.ts';

/** Who opened a jam, as the socket handshake tells it. Only ever hashed, never stored. */
export interface ViewerIdentity {
  userId: string | null;
  ip: string;
  userAgent: string;
}

/** Live room sizes, supplied by the realtime layer (which owns the connections). */
export interface LiveCounts {
  viewers(slug: string): number;
  lurkers(slug: string): number;
}

const MINUTE = 60_000;

/** A joining socket's identity for counting; `address` is the client's as TRUST_PROXY reads it (SocketSessions.address). */
export function viewerIdentity(address: string, userAgent: string | string[] | undefined, userId: string | null): ViewerIdentity {
  return { userId, ip: address, userAgent: Array.isArray(userAgent) ? userAgent.join(' ') : (userAgent ?? '') };
}

/**
 * Counts unique viewers without keeping IP addresses: a visitor is HMAC-SHA256(salt of the UTC
 * day, "user:<id>" or "anon:<ip>|<user agent>"). Salts are random per day and deleted once the
 * day is over, so a stored hash cannot be matched to an address afterwards. While a jam is live
 * the highest concurrent viewers and lurkers of each minute are sampled.
 */
export class ViewerCounter {
  #counts: LiveCounts | null = null;
  #watched = new Map<string, JamRow>();
  #salts = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly queries: MetricsQueries,
    private readonly onError: (error: unknown) => void,
    private readonly sampleEveryMs = MINUTE,
  ) {}

  attach(counts: LiveCounts): void {
    this.#counts = counts;
  }

  start(): void {
    this.#timer = setInterval(() => void this.sampleAll().catch(this.onError), this.sampleEveryMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#watched.clear();
  }

  /** Records a visit (once per visitor and jam) and samples the room, which just grew. */
  async joined(jam: JamRow, identity: ViewerIdentity): Promise<void> {
    const now = this.deps.clock.now();
    const day = now.toISOString().slice(0, 10);
    const salt = await this.saltFor(day);
    const subject = identity.userId ? `user:${identity.userId}` : `anon:${identity.ip}|${identity.userAgent}`;
    const visitor = createHmac('sha256', salt).update(subject).digest('hex');
    await this.queries.addVisit({ jam_id: jam.id, visitor, user_id: identity.userId, day, first_seen: now.toISOString() });
    this.#watched.set(jam.id, jam);
    await this.sample(jam, now);
  }

  /** One sample of every jam someone joined, dropping jams no longer live. */
  async sampleAll(): Promise<void> {
    const now = this.deps.clock.now();
    for (const jam of [...this.#watched.values()]) {
      if (!(await this.sample(jam, now))) this.#watched.delete(jam.id);
    }
  }

  /** Writes the room's counts into the current minute if the jam is live; false otherwise. */
  private async sample(jam: JamRow, now: Date): Promise<boolean> {
    if (!this.#counts) return false;
    const show = showOf(await loadJamContextFor(this.deps.store, jam), now);
    if (show.status !== 'live') return show.status === 'scheduled';
    const minute = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE).toISOString();
    await this.queries.sampleMinute({ jam_id: jam.id, minute, viewers: this.#counts.viewers(jam.slug), lurkers: this.#counts.lurkers(jam.slug) });
    return true;
  }

  private async saltFor(day: string): Promise<string> {
    const cached = this.#salts.get(day);
    if (cached) return cached;
    const salt = await this.queries.saltFor(day, () => randomBytes(32).toString('hex'));
    this.#salts.clear();
    this.#salts.set(day, salt);
    await this.queries.forgetSaltsBefore(day);
    return salt;
  }
}
