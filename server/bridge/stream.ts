import { ETwitterStreamEvent, type TweetStream, type TweetV2SingleStreamResult, type TwitterApi } from 'twitter-api-v2';
import type { Deps } from '../core/deps.ts';
import { backoffDelay, type BridgeConfig } from './config.ts';
import type { TweetIngest } from './ingest.ts';
import { hashtagQuery, TWEET_QUERY, tweetPosts } from './networks/x.ts';
import type { Links } from './links.ts';
import type { SearchPoller } from './poller.ts';
import type { Timers } from './timers.ts';
import { classify } from './xClient.ts';

/** Rules this server owns are tagged so; others on the same X app are left alone. */
const TAG_PREFIX = 'tj:';
/** A stream connection that lasted this long was healthy: the next drop backs off from the start. */
const STABLE_MS = 60_000;

interface Watched {
  seriesId: string;
  hashtag: string;
}

/**
 * Inbound by the filtered stream (app-only bearer token; X Pro access). One connection for the
 * server, one rule per live jam (tagged with the jam id). Disconnects reconnect with jittered
 * exponential backoff and then catch up the gap with one recent search per jam; a 429 waits for
 * X's reset; a 401/403 means the app may not use the stream, so every jam falls back to polling.
 */
export class StreamInbound {
  #jams = new Map<string, Watched>();
  #stream: TweetStream<TweetV2SingleStreamResult> | null = null;
  #sync: Promise<void> = Promise.resolve();
  #attempt = 0;
  #reconnect: (() => void) | null = null;
  /** Jams whose stream had a gap not yet filled by a recent search: stream tweets must not move their since_id. */
  #gaps = new Set<string>();
  /** Set after X refused the stream: polling has taken over for good (until restart). */
  fellBack = false;
  #fallbackNote = '';

  constructor(
    private readonly deps: Deps,
    private readonly links: Links,
    private readonly ingest: TweetIngest,
    private readonly poller: SearchPoller,
    private readonly client: TwitterApi,
    private readonly config: BridgeConfig,
    private readonly timers: Timers,
    private readonly onError: (error: unknown) => void,
  ) {}

  watching(jamId: string): boolean {
    return this.#jams.has(jamId) || this.poller.watching(jamId);
  }

  watch(jamId: string, watched: Watched): void {
    if (this.fellBack) {
      this.poller.watch(jamId);
      void this.links.noteError(watched.seriesId, this.#fallbackNote).catch(this.onError);
      return;
    }
    if (this.#jams.has(jamId)) return;
    this.#jams.set(jamId, watched);
    this.#gaps.add(jamId);
    this.resync();
  }

  unwatch(jamId: string): void {
    this.poller.unwatch(jamId);
    this.#gaps.delete(jamId);
    if (this.#jams.delete(jamId)) this.resync();
  }

  stop(): void {
    this.#reconnect?.();
    this.#reconnect = null;
    this.#stream?.destroy();
    this.#stream = null;
  }

  /** Resolves when rule changes and connection attempts queued so far are done (tests, shutdown). */
  settled(): Promise<void> {
    return this.#sync;
  }

  private resync(): void {
    this.#sync = this.#sync.then(() => this.sync()).catch(this.onError);
  }

  /** Makes X's rules match the watched jams, then connects (or disconnects when none are left). */
  private async sync(): Promise<void> {
    if (this.timers.stopped || this.fellBack) return;
    try {
      const current = await this.client.v2.streamRules();
      const wanted = new Map([...this.#jams].map(([jamId, w]) => [`${TAG_PREFIX}${jamId}`, hashtagQuery(w.hashtag)]));
      const stale = (current.data ?? []).filter((rule) => rule.tag?.startsWith(TAG_PREFIX) && wanted.get(rule.tag) !== rule.value);
      const have = new Set((current.data ?? []).filter((rule) => !stale.includes(rule)).map((rule) => rule.tag));
      const missing = [...wanted].filter(([tag]) => !have.has(tag)).map(([tag, value]) => ({ tag, value }));
      if (stale.length > 0) await this.client.v2.updateStreamRules({ delete: { ids: stale.map((rule) => rule.id) } });
      if (missing.length > 0) await this.client.v2.updateStreamRules({ add: missing });
    } catch (error) {
      return this.failed(error);
    }
    if (this.#jams.size === 0) {
      this.stop();
      return;
    }
    if (!this.#stream && !this.#reconnect) await this.connect();
  }

  private async connect(): Promise<void> {
    this.#reconnect = null;
    if (this.timers.stopped || this.#jams.size === 0) return;
    const stream = this.client.v2.searchStream({
      autoConnect: false,
      expansions: [...TWEET_QUERY.expansions],
      'tweet.fields': [...TWEET_QUERY['tweet.fields']],
      'user.fields': [...TWEET_QUERY['user.fields']],
    });
    stream.on(ETwitterStreamEvent.Data, (data) => {
      this.#attempt = 0;
      void this.onTweet(data).catch(this.onError);
    });
    let connectedAt = Date.now();
    stream.on(ETwitterStreamEvent.ConnectionClosed, () => {
      if (this.#stream !== stream) return;
      this.#stream = null;
      // A connection that held for a while starts the backoff afresh; one dropped at once keeps growing it.
      if (Date.now() - connectedAt > STABLE_MS) this.#attempt = 0;
      for (const jamId of this.#jams.keys()) this.#gaps.add(jamId);
      this.scheduleReconnect(backoffDelay(this.config, ++this.#attempt));
    });
    try {
      await stream.connect({ autoReconnect: false });
    } catch (error) {
      stream.destroy();
      return this.failed(error);
    }
    if (this.timers.stopped) return void stream.destroy();
    connectedAt = Date.now();
    this.#stream = stream;
    // Whatever was tweeted while we were not connected comes from one recent search per jam.
    await Promise.all(
      [...this.#jams].map(async ([jamId, watched]) => {
        await this.links.markHealthy(watched.seriesId, 'tweets/search/stream');
        if (!this.#gaps.has(jamId)) return;
        const filled = await this.poller.pollOnce(jamId).then(
          () => true,
          () => false,
        );
        if (filled) this.#gaps.delete(jamId);
      }),
    );
  }

  private async failed(error: unknown): Promise<void> {
    const failure = classify(error, this.deps.clock.now());
    if (failure.kind === 'auth' || failure.kind === 'access') {
      this.fellBack = true;
      this.stop();
      this.#fallbackNote = `the filtered stream is not available to this X app (${failure.status}); reading tweets by recent search instead`;
      for (const [jamId, watched] of this.#jams) {
        await this.links.noteError(watched.seriesId, this.#fallbackNote);
        this.poller.watch(jamId);
      }
      this.#jams.clear();
      return;
    }
    for (const watched of this.#jams.values()) await this.links.recordFailure(watched.seriesId, 'tweets/search/stream', failure);
    const wait = failure.kind === 'rate_limited' ? Math.max(0, failure.resetAt.getTime() - this.deps.clock.now().getTime()) : backoffDelay(this.config, ++this.#attempt);
    this.scheduleReconnect(wait);
  }

  private scheduleReconnect(ms: number): void {
    if (this.#reconnect || this.timers.stopped) return;
    this.#reconnect = this.timers.after(ms, () => {
      this.#reconnect = null;
      this.resync();
    });
  }

  private async onTweet(data: TweetV2SingleStreamResult): Promise<void> {
    const users = data.includes?.users ?? [];
    for (const rule of data.matching_rules ?? []) {
      const jamId = rule.tag?.startsWith(TAG_PREFIX) ? rule.tag.slice(TAG_PREFIX.length) : null;
      const watched = jamId ? this.#jams.get(jamId) : undefined;
      if (!jamId || !watched) continue;
      const link = await this.links.linkOf(watched.seriesId);
      if (link) await this.ingest.ingest(jamId, link, tweetPosts([data.data], users), !this.#gaps.has(jamId));
    }
  }
}
