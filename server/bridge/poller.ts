import type { TweetV2, UserV2 } from 'twitter-api-v2';
import { loadJamContextFor, showOf } from '../jams/context.ts';
import type { Deps } from '../jams/deps.ts';
import { backoffDelay, type BridgeConfig } from './config.ts';
import { hashtagQuery, TWEET_QUERY, type TweetIngest } from './ingest.ts';
import { LinkUnavailable, XCallFailed, type Links } from './links.ts';
import type { Timers } from './timers.ts';

/** Pages of search results read per poll (100 tweets each); a busier jam catches up over the next polls. */
const MAX_PAGES = 5;

/**
 * Inbound by recent search: while a jam is live, polls `#tag -is:retweet` with since_id (from the
 * jam's start on its first poll), pages through, and hands the tweets to the ingest. Each jam has
 * its own timer; a 429 waits for X's reset, network trouble backs off with jitter, a broken or
 * missing link is re-checked at the normal pace so relinking resumes the flow.
 */
export class SearchPoller {
  #jams = new Map<string, { cancel: () => void; failures: number }>();
  #running = new Set<Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly links: Links,
    private readonly ingest: TweetIngest,
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
    this.#jams.get(jamId)?.cancel();
    this.#jams.delete(jamId);
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
      if (error instanceof LinkUnavailable) {
        if (error.reason === 'rate_limited' && error.until) wait = Math.max(this.config.pollMs, error.until.getTime() - this.deps.clock.now().getTime());
      } else if (error instanceof XCallFailed && error.failure.kind === 'rate_limited') {
        wait = Math.max(0, error.failure.resetAt.getTime() - this.deps.clock.now().getTime());
      } else if (error instanceof XCallFailed && error.failure.kind === 'access') {
        // No search at this access level (X Free): look again rarely, in case the app is upgraded.
        wait = Math.max(this.config.pollMs, this.config.backoffMaxMs);
      } else {
        entry.failures++;
        wait = Math.max(this.config.pollMs, backoffDelay(this.config, entry.failures));
        if (!(error instanceof XCallFailed)) this.onError(error);
      }
    }
    if (this.#jams.get(jamId) === entry) entry.cancel = this.timers.after(wait, () => this.track(jamId));
  }

  /** One poll of one jam; false once the jam is no longer live (the poller lets go of it). */
  async pollOnce(jamId: string): Promise<boolean> {
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam) return false;
    const context = await loadJamContextFor(this.deps.store, jam);
    const show = showOf(context, this.deps.clock.now());
    if (show.status !== 'live') return false;
    const link = await this.links.usable(context.series.id, 'tweets/search/recent');
    const found = await this.links.call(context.series.id, 'tweets/search/recent', async (client) => {
      const since = link.since_jam_id === jamId && link.since_id ? { since_id: link.since_id } : { start_time: show.startedAt ?? show.startsAt };
      const tweets: TweetV2[] = [];
      const users: UserV2[] = [];
      let next: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await client.v2.get<{ data?: TweetV2[]; includes?: { users?: UserV2[] }; meta?: { next_token?: string } }>('tweets/search/recent', {
          query: hashtagQuery(context.series.hashtag),
          max_results: 100,
          ...since,
          ...(next ? { next_token: next } : {}),
          expansions: TWEET_QUERY.expansions.join(','),
          'tweet.fields': TWEET_QUERY['tweet.fields'].join(','),
          'user.fields': TWEET_QUERY['user.fields'].join(','),
        });
        tweets.push(...(result.data ?? []));
        users.push(...(result.includes?.users ?? []));
        next = result.meta?.next_token;
        if (!next) break;
      }
      return { tweets, users };
    });
    await this.ingest.ingest(jamId, link, found.tweets, found.users);
    return true;
  }
}
