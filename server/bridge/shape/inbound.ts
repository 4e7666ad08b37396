import type { BridgeNetwork } from '../../../shared/bridges.ts';
import { loadJamContextFor, showOf } from '../../core/context.ts';
import type { Deps } from '../../core/deps.ts';
import type { Timers } from '../timers.ts';
import { afterFailedRead, CallFailed, LinkUnavailable, type NetworkAccounts } from './accounts.ts';
import type { InboundPost } from './adapter.ts';
import type { OpenBridgeConfig } from './config.ts';
import type { BridgedIngest, OwnPosts } from './ingest.ts';
import type { Leases } from './leases.ts';
import { refOf } from './outbound.ts';
import type { BridgeStore } from './store.ts';
import { HashtagStreams } from './streams.ts';

/** What one read of a jam found. */
export type ReadOutcome = 'read' | 'ended' | 'other_reader';

/**
 * Inbound from open networks: while a jam is live, one node (the lease holder) reads the hashtag
 * (from where the last read stopped) and the replies under the jam's question posts, and hands
 * them to the shared ingest. Each network and jam has its own timer; a 429 waits for the network's
 * reset, network trouble backs off with jitter, a broken or missing link is re-checked at the
 * normal pace so relinking resumes the flow, and a node that does not hold the lease only checks
 * now and then whether the holder is gone. Where the network has a hashtag stream, the holder also
 * keeps it open (streams.ts): posts arrive as they are made, and every connect or drop triggers a
 * read at once so polling fills the gap.
 */
export class NetworkInbound {
  #jams = new Map<string, { cancel: () => void; failures: number; reading: boolean; again: boolean }>();
  #running = new Set<Promise<void>>();
  readonly #streams: HashtagStreams;

  constructor(
    private readonly deps: Deps,
    private readonly store: BridgeStore,
    private readonly accounts: NetworkAccounts,
    private readonly leases: Leases,
    private readonly ingestion: BridgedIngest,
    private readonly config: OpenBridgeConfig,
    private readonly timers: Timers,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#streams = new HashtagStreams(accounts, config, deps.clock, timers, {
      posts: async (network, jamId, posts) => {
        const link = await this.store.link(network, (await this.deps.store.jams.byId(jamId))?.series_id ?? '');
        if (link) await this.ingest(network, jamId, posts, this.store.ownPosts(network, jamId, link.account_id));
      },
      catchUp: (network, jamId) => this.catchUp(network, jamId),
    }, onError);
  }

  watching(network: BridgeNetwork, jamId: string): boolean {
    return this.#jams.has(`${network}:${jamId}`);
  }

  watch(network: BridgeNetwork, jamId: string): void {
    const key = `${network}:${jamId}`;
    if (this.#jams.has(key) || this.timers.stopped) return;
    const entry = { cancel: () => {}, failures: 0, reading: false, again: false };
    this.#jams.set(key, entry);
    entry.cancel = this.timers.after(0, () => this.track(network, jamId));
  }

  unwatch(network: BridgeNetwork, jamId: string): void {
    const key = `${network}:${jamId}`;
    const entry = this.#jams.get(key);
    if (!entry) return;
    entry.cancel();
    this.#jams.delete(key);
    this.#streams.close(network, jamId);
    // Tracked, so shutdown waits for it before the store closes.
    const released = this.leases.release(network, jamId).catch(this.onError);
    this.#running.add(released);
    void released.finally(() => this.#running.delete(released));
  }

  /** Stops reading; the leases held are let go so another node takes over at once. */
  stop(): void {
    for (const key of [...this.#jams.keys()]) {
      const [network, jamId] = key.split(':') as [BridgeNetwork, string];
      this.unwatch(network, jamId);
    }
  }

  /** Resolves when reads in flight have finished (shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all([...this.#running, this.#streams.settle()]);
  }

  /** Reads the jam now rather than at the next tick (right after the read in flight, if one is). */
  private catchUp(network: BridgeNetwork, jamId: string): void {
    const entry = this.#jams.get(`${network}:${jamId}`);
    if (!entry) return;
    if (entry.reading) {
      entry.again = true;
      return;
    }
    entry.cancel();
    entry.cancel = this.timers.after(0, () => this.track(network, jamId));
  }

  private track(network: BridgeNetwork, jamId: string): void {
    const running = this.run(network, jamId);
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
  }

  private async run(network: BridgeNetwork, jamId: string): Promise<void> {
    const key = `${network}:${jamId}`;
    const entry = this.#jams.get(key);
    if (!entry) return;
    let wait = this.config.pollMs;
    entry.reading = true;
    entry.again = false;
    try {
      const outcome = await this.readOnce(network, jamId);
      entry.failures = 0;
      if (outcome === 'ended') return this.unwatch(network, jamId);
      // A stream connected or dropped while this read ran: what it may have missed is read now, not a poll later.
      if (outcome === 'read' && entry.again) wait = 0;
      // Not the reader: look again before the holder's lease could have run out.
      if (outcome === 'other_reader') {
        this.#streams.close(network, jamId);
        wait = Math.max(this.config.pollMs, Math.floor(this.config.leaseMs / 2));
      }
    } catch (error) {
      ({ wait, failures: entry.failures } = afterFailedRead(error, this.config, this.deps.clock.now().getTime(), entry.failures));
      // Unlinked or broken: no stream either until a read works again.
      if (error instanceof LinkUnavailable && error.reason !== 'rate_limited') this.#streams.close(network, jamId);
      if (!(error instanceof LinkUnavailable) && !(error instanceof CallFailed)) this.onError(error);
    }
    entry.reading = false;
    if (this.#jams.get(key) === entry) entry.cancel = this.timers.after(wait, () => this.track(network, jamId));
    else {
      // Unwatched (or stopped) while this read ran: it may have claimed the lease (and opened the stream) after unwatch let go of them.
      this.#streams.close(network, jamId);
      await this.leases.release(network, jamId).catch(this.onError);
    }
  }

  /** One read of one jam on one network, if this node holds (or takes) the jam's lease. */
  async readOnce(network: BridgeNetwork, jamId: string): Promise<ReadOutcome> {
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam) return 'ended';
    const context = await loadJamContextFor(this.deps.store, jam);
    const now = this.deps.clock.now();
    const show = showOf(context, now);
    if (show.status !== 'live') return 'ended';
    const seriesId = context.series.id;
    const link = await this.accounts.usable(network, seriesId, 'search');
    if (!(await this.leases.claim(network, jamId, now, this.config.leaseMs))) return 'other_reader';
    const adapter = this.accounts.adapter(network);
    const own = this.store.ownPosts(network, jamId, link.account_id);
    const cursor = link.cursor_jam_id === jamId ? link.cursor : null;
    // Opened once this node holds the lease and the link works; it lives beside the polling below.
    this.#streams.ensure(network, jamId, seriesId, context.series.hashtag);
    const since = new Date(show.startedAt ?? show.startsAt);
    const found = await this.accounts.call(network, seriesId, 'search', (client) => adapter.search(client, { hashtag: context.series.hashtag, since, cursor }));
    await this.ingest(network, jamId, found.posts, own);
    const at = this.deps.clock.now().toISOString();
    await this.store.updateLink(network, seriesId, { cursor: found.cursor, cursor_jam_id: jamId, last_sync_at: at, updated_at: at });
    // Replies under our question posts, hashtag or not: each question's thread, read after the hashtag so a limited thread read loses nothing above.
    for (const row of await this.store.postedQuestions(network, jamId)) {
      const question = refOf(row);
      if (!question) continue;
      const replies = await this.accounts.call(network, seriesId, 'replies', (client) => adapter.replies(client, question));
      await this.ingest(network, jamId, replies, own);
    }
    return 'read';
  }

  private async ingest(network: BridgeNetwork, jamId: string, posts: InboundPost[], own: OwnPosts): Promise<void> {
    const ordered = [...posts].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    await this.ingestion.ingest(jamId, network, ordered, own);
  }
}
