import type { Logger } from 'pino';
import type { MessageView, QuestionView } from '../../../shared/model.ts';
import { loadJamContextFor, showOf } from '../../core/context.ts';
import type { Deps } from '../../core/deps.ts';
import type { Posting } from '../../jams/posting.ts';
import type { NetworkBans } from '../../moderation/networkBans.ts';
import type { SeriesRow } from '../../store/series.ts';
import { Timers } from '../timers.ts';
import { BridgedIngest } from './ingest.ts';
import { Leases } from './leases.ts';
import { BridgeStore } from './store.ts';

/**
 * A family of bridged networks that the one wiring drives: the open networks (adapters over the
 * bridge_* tables) and X (its OAuth, filtered stream and x_* tables inside). The wiring decides
 * when (a question released, a host or panelist posted, a jam went live or ended, a series was
 * linked); each family only does it for the networks it has linked for that series.
 */
export interface BridgeFamily {
  /** For the operator's log ("X bridge", "Bluesky and Mastodon bridges"). */
  readonly label: string;
  /** Why it is off on this server; null when on. */
  readonly offReason: string | null;
  /** How often live jams are looked for, so a jam started on another node is picked up (and its reader replaced when that node dies). */
  readonly sweepMs: number;
  /** Set by the wiring: a family calls it when a series was linked, so its live jams are bridged at once. */
  onLinked?: (seriesId: string) => void;
  /** Queues a released question on each network linked for the series. */
  questionReleased(jamId: string, series: SeriesRow, question: QuestionView): Promise<void>;
  /** Queues a host's or panelist's native post on each linked network where its author opted in. */
  messageCreated(jamId: string, series: SeriesRow, message: MessageView, authorId: string): Promise<void>;
  /** Starts reading a live jam on each linked network (idempotent). */
  watch(jamId: string, series: SeriesRow): Promise<void>;
  unwatch(jamId: string): void;
  stop(): void;
  /** Resolves when its queued posts and reads in flight have finished. */
  settle(): Promise<void>;
}

/**
 * The one event wiring of every bridge: listens to the domain's events and hands each to every
 * family that is on, off the domain's path. A failure is logged, never thrown into the domain:
 * the native jam never waits for a network and never fails because of one.
 */
export class Bridges {
  readonly #timers = new Timers();
  #unsubscribe: (() => void)[] = [];
  #tasks = new Set<Promise<void>>();
  readonly #on: BridgeFamily[];

  constructor(
    private readonly deps: Deps,
    private readonly log: Logger,
    private readonly families: BridgeFamily[],
  ) {
    this.#on = families.filter((family) => family.offReason === null);
    for (const family of families) family.onLinked = (seriesId) => this.background(() => this.watchSeries(seriesId));
  }

  /** The ingest and leases every bridge of a node shares: one path into the jam for every network, one lease holder name. */
  static sharedParts(deps: Deps, posting: Posting, bans: Pick<NetworkBans, 'bannedAmong'>, holder: string): { ingestion: BridgedIngest; leases: Leases } {
    const store = new BridgeStore(deps.store);
    return { ingestion: new BridgedIngest(deps, posting, (jamId, source, id) => store.messageByExternalId(jamId, source, id), bans), leases: new Leases(deps.store, holder) };
  }

  /** Subscribes to the domain's events and picks up jams that are live right now. */
  async start(): Promise<void> {
    for (const family of this.families) if (family.offReason !== null) this.log.info({ reason: family.offReason }, `${family.label} off`);
    if (this.#on.length === 0) return;
    const { events } = this.deps;
    this.#unsubscribe = [
      events.on('question:released', ({ jamId, question }) => this.background(() => this.onQuestionReleased(jamId, question))),
      events.on('message:created', ({ jamId, message }) => this.background(() => this.onMessageCreated(jamId, message))),
      events.on('jam:updated', ({ jamId, reason }) => {
        if (reason === 'started') this.background(() => this.watchJam(jamId));
        if (reason === 'ended') this.unwatchJam(jamId);
      }),
    ];
    const sweep = async () => {
      for (const jam of await this.deps.store.jams.unfinished()) await this.watchJam(jam.id);
    };
    this.background(sweep);
    this.#timers.every(Math.min(...this.#on.map((family) => family.sweepMs)), () => sweep().catch((error: unknown) => this.log.warn({ err: error }, 'bridge sweep failed')));
  }

  /** Stops listening and every family's timers, streams and leases; posts in flight finish or are abandoned. */
  stop(): void {
    this.#unsubscribe.forEach((off) => off());
    this.#unsubscribe = [];
    this.#timers.stop();
    for (const family of this.families) family.stop();
  }

  /** Waits for event handling, queued posts and reads in flight, at most `timeoutMs`: no network holds up shutdown for long. */
  async settle(timeoutMs = 5_000): Promise<void> {
    const all = (async () => {
      while (this.#tasks.size > 0) await Promise.all(this.#tasks);
      await Promise.all(this.families.map((family) => family.settle()));
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Runs a handler off the caller's path; a failure is logged, never thrown into the domain. */
  private background(task: () => Promise<void>): void {
    const running = task().catch((error: unknown) => this.log.warn({ err: error }, 'bridge event handling failed'));
    this.#tasks.add(running);
    void running.finally(() => this.#tasks.delete(running));
  }

  private async seriesOfJam(jamId: string): Promise<SeriesRow | undefined> {
    const jam = await this.deps.store.jams.byId(jamId);
    return jam && (await this.deps.store.series.byId(jam.series_id));
  }

  private async onQuestionReleased(jamId: string, question: QuestionView): Promise<void> {
    const series = await this.seriesOfJam(jamId);
    if (!series) return;
    await this.each('queueing a question', (family) => family.questionReleased(jamId, series, question));
    await this.watchJam(jamId);
  }

  private async onMessageCreated(jamId: string, message: MessageView): Promise<void> {
    if (message.source !== 'native' || (message.author.role !== 'host' && message.author.role !== 'panelist')) return;
    const series = await this.seriesOfJam(jamId);
    const row = series && (await this.deps.store.messages.byId(message.id));
    if (!series || !row?.author_id) return;
    await this.each('queueing a mirrored post', (family) => family.messageCreated(jamId, series, message, row.author_id!));
  }

  private async watchSeries(seriesId: string): Promise<void> {
    for (const jam of await this.deps.store.jams.list({ seriesId, limit: 20 })) await this.watchJam(jam.id);
  }

  private async watchJam(jamId: string): Promise<void> {
    if (this.#timers.stopped) return;
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam) return;
    const context = await loadJamContextFor(this.deps.store, jam);
    if (showOf(context, this.deps.clock.now()).status !== 'live') return;
    await this.each('watching a jam', (family) => family.watch(jamId, context.series));
  }

  /** Hands one event to every family that is on; one family failing (X down) does not keep it from the others. */
  private async each(what: string, run: (family: BridgeFamily) => Promise<void>): Promise<void> {
    for (const family of this.#on) await run(family).catch((error: unknown) => this.log.warn({ err: error }, `${family.label}: ${what} failed`));
  }

  private unwatchJam(jamId: string): void {
    for (const family of this.#on) family.unwatch(jamId);
  }
}
