import type { BridgeNetwork } from '../../../shared/bridges.ts';
import type { Clock } from '../../core/clock.ts';
import { backoffDelay } from '../config.ts';
import type { Timers } from '../timers.ts';
import { CallFailed, LinkUnavailable, type NetworkAccounts } from './accounts.ts';
import type { InboundPost } from './adapter.ts';
import type { OpenBridgeConfig } from './config.ts';

/** A stream that stayed up this long was healthy: its next drop reconnects after the shortest backoff again. */
const STABLE_MS = 60_000;

interface OpenStream {
  controller: AbortController;
  failures: number;
  openedAt: number | null;
  cancelRetry: () => void;
  /** Streamed posts are ingested one after another, in the order they came. */
  chain: Promise<void>;
  /** The connection, until it ends (and what follows its end). */
  connection: Promise<void>;
}

/** What a stream hands back to the inbound reader. */
export interface StreamHandlers {
  posts(network: BridgeNetwork, jamId: string, posts: InboundPost[]): Promise<void>;
  /** Read the hashtag (and replies) now: the stream just opened or dropped, and statuses of the gap are only there. */
  catchUp(network: BridgeNetwork, jamId: string): void;
}

/**
 * The hashtag streams of networks that have one (Mastodon): opened by the node that holds the
 * jam's inbound lease, beside its polling. Polling stays the catch-up: the moment a stream
 * connects or drops, the hashtag is read at once, so a status posted while no stream was
 * listening still comes in; a drop reconnects with jittered backoff. Streamed posts go to the same
 * ingest (and its dedupe by key) as polled ones; they do not move the polling cursor, so a post
 * seen by both is stored once and a post seen by neither is still ahead of the cursor.
 */
export class HashtagStreams {
  #streams = new Map<string, OpenStream>();
  #running = new Set<Promise<void>>();

  constructor(
    private readonly accounts: NetworkAccounts,
    private readonly config: OpenBridgeConfig,
    private readonly clock: Clock,
    private readonly timers: Timers,
    private readonly handlers: StreamHandlers,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Opens the jam's stream on this network unless it is open, reconnecting, or the network has none. */
  ensure(network: BridgeNetwork, jamId: string, seriesId: string, hashtag: string): void {
    const key = `${network}:${jamId}`;
    if (this.#streams.has(key) || this.timers.stopped || !this.accounts.adapter(network).stream) return;
    const entry: OpenStream = { controller: new AbortController(), failures: 0, openedAt: null, cancelRetry: () => {}, chain: Promise.resolve(), connection: Promise.resolve() };
    this.#streams.set(key, entry);
    this.connect(key, entry, network, jamId, seriesId, hashtag);
  }

  /** Closes the jam's stream (lease lost, jam over, link unusable) without reconnecting. */
  close(network: BridgeNetwork, jamId: string): void {
    const key = `${network}:${jamId}`;
    const entry = this.#streams.get(key);
    if (!entry) return;
    this.#streams.delete(key);
    entry.cancelRetry();
    entry.controller.abort();
    // Shutdown waits for the aborted connection to wind down before the store closes.
    this.track(entry.connection);
  }

  closeAll(): void {
    for (const key of [...this.#streams.keys()]) {
      const [network, jamId] = key.split(':') as [BridgeNetwork, string];
      this.close(network, jamId);
    }
  }

  /** Resolves when ingests in flight and closed connections have finished (open ones last as long as the jam). */
  async settle(): Promise<void> {
    await Promise.all(this.#running);
  }

  private connect(key: string, entry: OpenStream, network: BridgeNetwork, jamId: string, seriesId: string, hashtag: string): void {
    const adapter = this.accounts.adapter(network);
    entry.controller = new AbortController();
    const { signal } = entry.controller;
    const on = {
      opened: () => {
        entry.openedAt = this.clock.now().getTime();
        this.handlers.catchUp(network, jamId);
      },
      post: (post: InboundPost) => {
        entry.chain = entry.chain.then(() => this.handlers.posts(network, jamId, [post])).catch(this.onError);
        this.track(entry.chain);
      },
    };
    entry.connection = this.accounts
      .call(network, seriesId, 'stream', (client) => adapter.stream!(client, { hashtag }, on, signal))
      .catch((error: unknown) => error)
      .then(async (error) => {
        await entry.chain;
        if (this.#streams.get(key) !== entry || signal.aborted) return;
        const openedFor = entry.openedAt === null ? 0 : this.clock.now().getTime() - entry.openedAt;
        entry.openedAt = null;
        // Unlinked or broken: polling will find out too; the next good read opens a new stream.
        if (error instanceof LinkUnavailable && error.reason !== 'rate_limited') return this.close(network, jamId);
        if (error !== undefined && !(error instanceof LinkUnavailable) && !(error instanceof CallFailed)) this.onError(error);
        entry.failures = openedFor >= STABLE_MS ? 1 : entry.failures + 1;
        let wait = backoffDelay(this.config, entry.failures);
        if (error instanceof LinkUnavailable && error.until) wait = Math.max(wait, error.until.getTime() - this.clock.now().getTime());
        if (error instanceof CallFailed && error.failure.kind === 'rate_limited') wait = Math.max(wait, error.failure.resetAt.getTime() - this.clock.now().getTime());
        this.handlers.catchUp(network, jamId);
        entry.cancelRetry = this.timers.after(wait, () => {
          if (this.#streams.get(key) === entry) this.connect(key, entry, network, jamId, seriesId, hashtag);
        });
      });
  }

  private track(task: Promise<unknown>): void {
    const running = task.then(
      () => {},
      () => {},
    );
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
  }
}
