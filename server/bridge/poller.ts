import { loadJamContextFor, showOf } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { BridgeConfig } from './config.ts';
import type { TweetIngest } from './ingest.ts';
import { xAdapter } from './networks/x.ts';
import { LinkUnavailable, XCallFailed, type Links } from './links.ts';
import { afterFailedRead } from './shape/accounts.ts';
import type { Leases } from './shape/leases.ts';
import type { Timers } from './timers.ts';

/** Shortest lease on a jam's search: a node that stops renewing is replaced within this. */
const LEASE_MIN_MS = 30_000;

/**
 * Inbound by recent search: while a jam is live, polls `#tag -is:retweet` with since_id (from the
 * jam's start on its first poll), pages through, and hands the tweets to the ingest. Each jam has
 * its own timer; a 429 waits for X's reset, network trouble backs off with jitter, a broken or
 * missing link is re-checked at the normal pace so relinking resumes the flow. With several nodes
 * only the holder of the jam's lease ('x' in bridge_leases) searches: one search per interval per
 * jam, not one per node, which X's search quota counts.
 */
export class SearchPoller {
  #jams = new Map<string, { cancel: () => void; failures: number }>();
  #running = new Set<Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly links: Links,
    private readonly ingest: TweetIngest,
    private readonly leases: Leases,
    private readonly config: BridgeConfig,
    private readonly timers: Timers,
    private readonly onError: (error: unknown) => void,
  ) {}

  watching(jamId: string): boolean {
    return this.#jams.has(jamId);
  }

  watch(jamId: string, delayMs = 0): void {
    if (this.#jams.has(jamId) || this.timers.stopped) return;
    const entry = { cancel: () => {}, failures: 0 };
    this.#jams.set(jamId, entry);
    entry.cancel = this.timers.after(delayMs, () => this.track(jamId));
  }

  /** Resolves when polls in flight have finished (shutdown). */
  async settle(): Promise<void> {
    await Promise.all(this.#running);
  }

  private track(jamId: string): void {
    const running = this.run(jamId);
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
  }

  unwatch(jamId: string): void {
    const entry = this.#jams.get(jamId);
    if (!entry) return;
    entry.cancel();
    this.#jams.delete(jamId);
    // Let go at once so another node takes over without waiting for the expiry; tracked so shutdown waits for it.
    const released = this.leases.release('x', jamId).catch(this.onError);
    this.#running.add(released);
    void released.finally(() => this.#running.delete(released));
  }

  stop(): void {
    for (const jamId of [...this.#jams.keys()]) this.unwatch(jamId);
  }

  private async run(jamId: string): Promise<void> {
    const entry = this.#jams.get(jamId);
    if (!entry) return;
    let wait = this.config.pollMs;
    try {
      const live = await this.pollOnce(jamId);
      entry.failures = 0;
      if (!live) return this.unwatch(jamId);
    } catch (error) {
      ({ wait, failures: entry.failures } = afterFailedRead(error, this.config, this.deps.clock.now().getTime(), entry.failures));
      if (!(error instanceof LinkUnavailable) && !(error instanceof XCallFailed)) this.onError(error);
    }
    if (this.#jams.get(jamId) === entry) entry.cancel = this.timers.after(wait, () => this.track(jamId));
    // Unwatched (or stopped) while this poll ran: it may have claimed the lease after unwatch let go of it.
    else await this.leases.release('x', jamId).catch(this.onError);
  }

  /** One poll of one jam; false once the jam is no longer live (the poller lets go of it). */
  async pollOnce(jamId: string): Promise<boolean> {
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam) return false;
    const context = await loadJamContextFor(this.deps.store, jam);
    const show = showOf(context, this.deps.clock.now());
    if (show.status !== 'live') return false;
    const link = await this.links.usable(context.series.id, 'tweets/search/recent');
    if (!(await this.leases.claim('x', jamId, this.deps.clock.now(), Math.max(3 * this.config.pollMs, LEASE_MIN_MS)))) return true;
    const cursor = link.since_jam_id === jamId ? link.since_id : null;
    const since = new Date(show.startedAt ?? show.startsAt);
    const found = await this.links.call(context.series.id, 'tweets/search/recent', (client) => xAdapter.search(client, { hashtag: context.series.hashtag, since, cursor }));
    await this.ingest.ingest(jamId, link, found.posts);
    return true;
  }
}
