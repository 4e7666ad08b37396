import type { Logger } from 'pino';
import type { MessageView, QuestionView } from '../../shared/model.ts';
import { notFound } from '../errors.ts';
import { loadJamContextFor, showOf } from '../jams/context.ts';
import type { Deps } from '../jams/deps.ts';
import type { Posting } from '../jams/posting.ts';
import type { UserRow } from '../store/users.ts';
import { bridgeSetup, type BridgeOptions, type BridgeSetup } from './config.ts';
import { questionTweet } from './compose.ts';
import { TweetIngest } from './ingest.ts';
import { Links, type BridgeStatus } from './links.ts';
import { Outbound } from './outbound.ts';
import { SearchPoller } from './poller.ts';
import { BridgeRepo } from './repo.ts';
import { StreamInbound } from './stream.ts';
import { Timers } from './timers.ts';

export type { BridgeOptions } from './config.ts';
export type { BridgeStatus } from './links.ts';

/**
 * The optional X bridge. It listens to the domain's events and works on its own queue and timers:
 * released questions and opted-in host/panelist posts go out to X, hashtag tweets come in while a
 * jam is live. Every failure is caught and recorded as the link's state; the native jam never
 * waits for X and never fails because of it.
 */
export class XBridge {
  readonly setup: BridgeSetup;
  readonly links: Links;
  readonly #repo: BridgeRepo;
  readonly #timers = new Timers();
  readonly #outbound: Outbound | null = null;
  readonly #poller: SearchPoller | null = null;
  readonly #stream: StreamInbound | null = null;
  #unsubscribe: (() => void)[] = [];
  #tasks = new Set<Promise<void>>();

  constructor(
    private readonly deps: Deps,
    posting: Posting,
    private readonly log: Logger,
    options: BridgeOptions = {},
  ) {
    this.setup = bridgeSetup(options);
    this.#repo = new BridgeRepo(deps.store);
    this.links = new Links(deps, this.#repo, this.setup);
    if (!this.setup.enabled) return;
    const { config } = this.setup;
    const onError = (error: unknown) => log.warn({ err: error }, 'X bridge task failed');
    const ingest = new TweetIngest(deps, this.#repo, posting);
    this.#outbound = new Outbound(deps, this.#repo, this.links, config, this.#timers, onError);
    this.#poller = new SearchPoller(deps, this.links, ingest, config, this.#timers, onError);
    const streamClient = this.links.clients!.stream();
    if (streamClient) this.#stream = new StreamInbound(deps, this.links, ingest, this.#poller, streamClient, config, this.#timers, onError);
  }

  get enabled(): boolean {
    return this.setup.enabled;
  }

  /** Subscribes to the domain's events and picks up jams that are live right now. */
  async start(): Promise<void> {
    if (!this.setup.enabled) {
      this.log.info({ reason: this.setup.reason }, 'X bridge off');
      return;
    }
    const { events } = this.deps;
    this.#unsubscribe = [
      events.on('question:released', ({ jamId, question }) => this.background(() => this.onQuestionReleased(jamId, question))),
      events.on('message:created', ({ jamId, message }) => this.background(() => this.onMessageCreated(jamId, message))),
      events.on('jam:updated', ({ jamId, reason }) => {
        if (reason === 'started') this.background(() => this.watchJam(jamId));
        if (reason === 'ended') this.unwatchJam(jamId);
      }),
    ];
    this.background(async () => {
      for (const jam of await this.deps.store.jams.unfinished()) await this.watchJam(jam.id);
    });
  }

  /** Stops listening, cancels every timer and the stream; posts in flight finish or are abandoned. */
  stop(): void {
    this.#unsubscribe.forEach((off) => off());
    this.#unsubscribe = [];
    this.#timers.stop();
    this.#poller?.stop();
    this.#stream?.stop();
  }

  /** Waits for event handling, queued posts and stream rule changes, at most `timeoutMs`: X never holds up shutdown for long. */
  async settle(timeoutMs = 5_000): Promise<void> {
    const all = (async () => {
      while (this.#tasks.size > 0) await Promise.all(this.#tasks);
      await this.#outbound?.settle();
      await this.#poller?.settle();
      await this.#stream?.settled();
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
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
    this.background(async () => {
      for (const jam of await this.deps.store.jams.list({ seriesId: series.id, limit: 20 })) await this.watchJam(jam.id);
    });
    return series.slug;
  }

  async unlink(user: UserRow, slug: string): Promise<void> {
    const series = await this.links.unlink(user, slug);
    for (const jam of await this.deps.store.jams.list({ seriesId: series.id, limit: 20 })) this.unwatchJam(jam.id);
  }

  /** Whether this user's posts in the series (as host or panelist) are mirrored to X. */
  async mirror(user: UserRow, slug: string, enabled?: boolean): Promise<{ enabled: boolean }> {
    const series = await this.deps.store.series.bySlug(slug);
    if (!series) throw notFound(`series "${slug}"`);
    if (enabled !== undefined) await this.#repo.setMirror(series.id, user.id, enabled, this.deps.clock.now().toISOString());
    return { enabled: await this.#repo.mirrorEnabled(series.id, user.id) };
  }

  /** Runs a handler off the caller's path; a failure is logged, never thrown into the domain. */
  private background(task: () => Promise<void>): void {
    const running = task().catch((error: unknown) => this.log.warn({ err: error }, 'X bridge event handling failed'));
    this.#tasks.add(running);
    void running.finally(() => this.#tasks.delete(running));
  }

  private async onQuestionReleased(jamId: string, question: QuestionView): Promise<void> {
    const jam = await this.deps.store.jams.byId(jamId);
    const series = jam && (await this.deps.store.series.byId(jam.series_id));
    if (!jam || !series || !(await this.#repo.link(series.id))) return;
    this.#outbound!.enqueue({ seriesId: series.id, jamId, kind: 'question', ref: String(question.n), question: question.n, text: questionTweet(question.n, question.text, series.hashtag) });
    await this.watchJam(jamId);
  }

  private async onMessageCreated(jamId: string, message: MessageView): Promise<void> {
    if (message.source !== 'native' || (message.author.role !== 'host' && message.author.role !== 'panelist')) return;
    const jam = await this.deps.store.jams.byId(jamId);
    const series = jam && (await this.deps.store.series.byId(jam.series_id));
    if (!jam || !series || !(await this.#repo.link(series.id))) return;
    const row = await this.deps.store.messages.byId(message.id);
    if (!row?.author_id || !(await this.#repo.mirrorEnabled(series.id, row.author_id))) return;
    // Native posts already carry the hashtag and fit X's 280: the same rules were applied on send.
    this.#outbound!.enqueue({ seriesId: series.id, jamId, kind: 'message', ref: message.id, text: message.text });
  }

  private async watchJam(jamId: string): Promise<void> {
    if (this.#timers.stopped || this.#stream?.watching(jamId) || this.#poller?.watching(jamId)) return;
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam) return;
    const context = await loadJamContextFor(this.deps.store, jam);
    if (showOf(context, this.deps.clock.now()).status !== 'live' || !(await this.#repo.link(context.series.id))) return;
    if (this.#stream) this.#stream.watch(jamId, { seriesId: context.series.id, hashtag: context.series.hashtag });
    else this.#poller!.watch(jamId);
  }

  private unwatchJam(jamId: string): void {
    this.#stream?.unwatch(jamId);
    this.#poller?.unwatch(jamId);
  }
}
