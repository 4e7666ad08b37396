import type { Logger } from 'pino';
import type { MessageView, QuestionView } from '../../shared/model.ts';
import { notFound } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';
import { bridgeSetup, type BridgeOptions, type BridgeSetup } from './config.ts';
import { MAX_POST_LENGTH } from '../../shared/hashtag.ts';
import { xAdapter } from './networks/x.ts';
import { TweetIngest } from './ingest.ts';
import { Links, type BridgeStatus } from './links.ts';
import { SearchPoller } from './poller.ts';
import { BridgeRepo } from './repo.ts';
import { NetworkOutbound, type Poster } from './shape/outbound.ts';
import { BridgeStore } from './shape/store.ts';
import type { NetworkAdapter } from './shape/adapter.ts';
import type { BridgedIngest } from './shape/ingest.ts';
import type { Leases } from './shape/leases.ts';
import type { BridgeFamily } from './shape/wiring.ts';
import { StreamInbound } from './stream.ts';
import { Timers } from './timers.ts';

export type { BridgeOptions } from './config.ts';

/** How often a node looks for live jams it does not watch yet (started on another node). */
const SWEEP_MS = 15_000;
export type { BridgeStatus } from './links.ts';

/**
 * The optional X bridge, one family of the one bridge wiring (shape/wiring.ts): released
 * questions and opted-in host/panelist posts go out to X through the shared claimed queue, hashtag
 * tweets come in while a jam is live (recent search under the shared lease, or the app's filtered
 * stream) through the shared ingest. Posts are claimed and mirroring is chosen in the shared
 * bridge_* tables as network 'x'; X's own OAuth 2.0 PKCE with refresh (x_links, x_oauth_requests)
 * and stream rules stay inside. Every failure is caught and recorded as the link's state.
 */
export class XBridge implements BridgeFamily {
  readonly label = 'X bridge';
  onLinked?: (seriesId: string) => void;
  readonly setup: BridgeSetup;
  readonly links: Links;
  readonly #repo: BridgeRepo;
  readonly #store: BridgeStore;
  readonly #timers = new Timers();
  readonly #outbound: NetworkOutbound | null = null;
  readonly #poller: SearchPoller | null = null;
  readonly #stream: StreamInbound | null = null;

  constructor(
    private readonly deps: Deps,
    log: Logger,
    options: BridgeOptions,
    /** Shared with the open-network bridges: one ingest path for every network, one lease table. */
    shared: { ingestion: BridgedIngest; leases: Leases },
  ) {
    this.setup = bridgeSetup(options);
    this.#repo = new BridgeRepo(deps.store);
    this.#store = new BridgeStore(deps.store);
    this.links = new Links(deps, this.#repo, this.#store, this.setup);
    if (!this.setup.enabled) return;
    const { config } = this.setup;
    const onError = (error: unknown) => log.warn({ err: error }, 'X bridge task failed');
    const ingest = new TweetIngest(deps, this.#repo, this.#store, shared.ingestion);
    // X's calls refresh the token first (links.ts); 'tweets' is the endpoint whose rate limit the post counts against.
    const poster: Poster = { adapter: () => xAdapter as Pick<NetworkAdapter, 'post'>, call: (_network, seriesId, _endpoint, fn) => this.links.call(seriesId, 'tweets', fn as never) };
    this.#outbound = new NetworkOutbound(deps, this.#store, poster, config, this.#timers, onError);
    this.#poller = new SearchPoller(deps, this.links, ingest, shared.leases, config, this.#timers, onError);
    const streamClient = this.links.clients!.stream();
    if (streamClient) this.#stream = new StreamInbound(deps, this.links, ingest, this.#poller, streamClient, config, this.#timers, onError);
  }

  get enabled(): boolean {
    return this.setup.enabled;
  }

  get offReason(): string | null {
    return this.setup.enabled ? null : this.setup.reason;
  }

  get sweepMs(): number {
    return SWEEP_MS;
  }

  /** Cancels every timer and the stream; posts in flight finish or are abandoned. */
  stop(): void {
    this.#timers.stop();
    this.#poller?.stop();
    this.#stream?.stop();
  }

  /** Waits for queued posts, polls and stream rule changes (the wiring bounds how long). */
  async settle(): Promise<void> {
    await this.#outbound?.settle();
    await this.#poller?.settle();
    await this.#stream?.settled();
  }

  status(user: UserRow, slug: string): Promise<BridgeStatus> {
    return this.links.status(user, slug).then((status) => (this.#stream?.fellBack && status.inbound === 'stream' ? { ...status, inbound: 'search' } : status));
  }

  startLink(user: UserRow, slug: string, fallbackRedirect: string): Promise<{ url: string }> {
    return this.links.start(user, slug, fallbackRedirect);
  }

  /** Completes the link and starts bridging the series' live jams at once; returns the series slug. */
  async completeLink(user: UserRow, input: { state: string; code: string }): Promise<string> {
    const series = await this.links.complete(user, input);
    this.onLinked?.(series.id);
    return series.slug;
  }

  async unlink(user: UserRow, slug: string): Promise<void> {
    const series = await this.links.unlink(user, slug);
    for (const jam of await this.deps.store.jams.list({ seriesId: series.id, limit: 20 })) this.unwatch(jam.id);
  }

  /** Whether this user's posts in the series (as host or panelist) are mirrored to X. */
  async mirror(user: UserRow, slug: string, enabled?: boolean): Promise<{ enabled: boolean }> {
    const series = await this.deps.store.series.bySlug(slug);
    if (!series) throw notFound(`series "${slug}"`);
    if (enabled !== undefined) await this.#store.setMirror('x', series.id, user.id, enabled, this.deps.clock.now().toISOString());
    return { enabled: await this.#store.mirrorEnabled('x', series.id, user.id) };
  }

  async questionReleased(jamId: string, series: SeriesRow, question: QuestionView): Promise<void> {
    if (!(await this.#repo.link(series.id))) return;
    this.#outbound!.enqueue({ network: 'x', seriesId: series.id, jamId, kind: 'question', ref: String(question.n), question: question.n, text: xAdapter.questionText(question.n, question.text, series.hashtag, MAX_POST_LENGTH) });
  }

  async messageCreated(jamId: string, series: SeriesRow, message: MessageView, authorId: string): Promise<void> {
    if (!(await this.#repo.link(series.id)) || !(await this.#store.mirrorEnabled('x', series.id, authorId))) return;
    // Native posts already carry the hashtag and fit X's 280: the same rules were applied on send.
    this.#outbound!.enqueue({ network: 'x', seriesId: series.id, jamId, kind: 'message', ref: message.id, text: message.text });
  }

  async watch(jamId: string, series: SeriesRow): Promise<void> {
    if (this.#timers.stopped || this.#stream?.watching(jamId) || this.#poller?.watching(jamId) || !(await this.#repo.link(series.id))) return;
    if (this.#stream) this.#stream.watch(jamId, { seriesId: series.id, hashtag: series.hashtag });
    else this.#poller!.watch(jamId);
  }

  unwatch(jamId: string): void {
    this.#stream?.unwatch(jamId);
    this.#poller?.unwatch(jamId);
  }
}
