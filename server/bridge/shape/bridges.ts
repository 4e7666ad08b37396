import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import type { BridgeNetwork, MirrorChoice, NetworkBridgeStatus } from '../../../shared/bridges.ts';
import type { MessageView, QuestionView } from '../../../shared/model.ts';
import type { Deps } from '../../core/deps.ts';
import type { SeriesRow } from '../../store/series.ts';
import type { UserRow } from '../../store/users.ts';
import { Timers } from '../timers.ts';
import { NetworkAccounts } from './accounts.ts';
import type { NetworkAdapter } from './adapter.ts';
import { openBridgeSetup, type OpenBridgeOptions, type OpenBridgeSetup } from './config.ts';
import { NetworkInbound } from './inbound.ts';
import type { BridgedIngest } from './ingest.ts';
import { Leases } from './leases.ts';
import { NetworkOutbound } from './outbound.ts';
import { BridgeStore } from './store.ts';
import type { BridgeFamily } from './wiring.ts';

/**
 * The open-network bridges (Bluesky, Mastodon, …): one adapter per network over the shared shape.
 * Driven by the one wiring (wiring.ts), it works on its own queue and timers: released questions
 * and opted-in host/panelist posts go out to each linked network, hashtag posts and replies to
 * the questions come in while a jam is live (one reader per network and jam across nodes). Every
 * failure is recorded as the link's state.
 */
export class OpenBridges implements BridgeFamily {
  readonly label = 'Bluesky and Mastodon bridges';
  onLinked?: (seriesId: string) => void;
  readonly setup: OpenBridgeSetup;
  readonly accounts: NetworkAccounts;
  readonly leases: Leases;
  readonly #store: BridgeStore;
  readonly #timers = new Timers();
  readonly #outbound: NetworkOutbound | null = null;
  readonly #inbound: NetworkInbound | null = null;

  constructor(
    private readonly deps: Deps,
    ingestion: BridgedIngest,
    log: Logger,
    adaptersFor: (setup: OpenBridgeSetup) => Map<BridgeNetwork, NetworkAdapter>,
    options: OpenBridgeOptions = {},
    /** This node's name in lease rows. */
    holder = nanoid(),
  ) {
    this.setup = openBridgeSetup(options);
    this.#store = new BridgeStore(deps.store);
    this.leases = new Leases(deps.store, holder);
    this.accounts = new NetworkAccounts(deps, this.#store, this.setup, adaptersFor(this.setup));
    if (!this.setup.enabled) return;
    const { config } = this.setup;
    const onError = (error: unknown) => log.warn({ err: error }, 'network bridge task failed');
    this.#outbound = new NetworkOutbound(deps, this.#store, this.accounts, config, this.#timers, onError);
    this.#inbound = new NetworkInbound(deps, this.#store, this.accounts, this.leases, ingestion, config, this.#timers, onError);
  }

  get networks(): BridgeNetwork[] {
    return [...this.accounts.adapters.keys()];
  }

  get offReason(): string | null {
    return this.setup.enabled ? null : this.setup.reason;
  }

  /** A jam another node started (its events stay on that node) is found by then, so this node can take over its reading when that node dies. */
  get sweepMs(): number {
    return this.setup.enabled ? Math.max(this.setup.config.pollMs, Math.floor(this.setup.config.leaseMs / 2)) : Infinity;
  }

  /** Stops every timer and lets go of the inbound leases. */
  stop(): void {
    this.#inbound?.stop();
    this.#timers.stop();
  }

  async settle(): Promise<void> {
    await this.#outbound?.settle();
    await this.#inbound?.settle();
  }

  statuses(user: UserRow, slug: string): Promise<NetworkBridgeStatus[]> {
    return this.accounts.statuses(user, slug);
  }

  async link(user: UserRow, slug: string, network: BridgeNetwork, body: unknown, fallbackRedirect: string): Promise<{ status: NetworkBridgeStatus } | { authorizeUrl: string }> {
    const result = await this.accounts.link(user, slug, network, body, fallbackRedirect);
    if ('status' in result) this.onLinked?.((await this.deps.store.series.bySlug(slug))?.id ?? '');
    return result;
  }

  /** Completes an OAuth link and starts bridging the series' live jams at once. */
  async completeLink(user: UserRow, input: { state: string; code: string }): Promise<{ network: BridgeNetwork; slug: string }> {
    const { network, series } = await this.accounts.complete(user, input);
    this.onLinked?.(series.id);
    return { network, slug: series.slug };
  }

  /** The series page to send the host back to after the instance's redirect, if the state still names one. */
  seriesOfOauthState(state: string): Promise<string | null> {
    return this.#store.oauthSeriesSlug(state);
  }

  async unlink(user: UserRow, slug: string, network: BridgeNetwork): Promise<NetworkBridgeStatus> {
    const series = await this.accounts.unlink(user, slug, network);
    for (const jam of await this.deps.store.jams.list({ seriesId: series.id, limit: 20 })) this.#inbound?.unwatch(network, jam.id);
    return this.accounts.statusOf(network, series.id, user.id);
  }

  mirrors(user: UserRow, slug: string, set?: { network: BridgeNetwork; enabled: boolean }): Promise<MirrorChoice[]> {
    return this.accounts.mirrors(user, slug, set);
  }

  /** The networks this series is linked to (and may be used now or later: a broken link is re-checked). */
  private async linkedNetworks(seriesId: string) {
    const found = [];
    for (const network of this.networks) {
      const link = await this.#store.link(network, seriesId);
      if (link) found.push({ network, link, adapter: this.accounts.adapter(network) });
    }
    return found;
  }

  async questionReleased(jamId: string, series: SeriesRow, question: QuestionView): Promise<void> {
    for (const { network, link, adapter } of await this.linkedNetworks(series.id)) {
      this.#outbound!.enqueue({ network, seriesId: series.id, jamId, kind: 'question', ref: String(question.n), question: question.n, text: adapter.questionText(question.n, question.text, series.hashtag, link.max_chars) });
    }
  }

  async messageCreated(jamId: string, series: SeriesRow, message: MessageView, authorId: string): Promise<void> {
    for (const { network, link, adapter } of await this.linkedNetworks(series.id)) {
      // Native posts carry the hashtag and fit X's 280; a network with a shorter limit skips what does not fit rather than cut someone's words.
      if (!(await this.#store.mirrorEnabled(network, series.id, authorId)) || !adapter.fits(message.text, link.max_chars)) continue;
      this.#outbound!.enqueue({ network, seriesId: series.id, jamId, kind: 'message', ref: message.id, text: message.text });
    }
  }

  async watch(jamId: string, series: SeriesRow): Promise<void> {
    if (this.#timers.stopped || !this.#inbound) return;
    for (const { network } of await this.linkedNetworks(series.id)) this.#inbound.watch(network, jamId);
  }

  unwatch(jamId: string): void {
    for (const network of this.networks) this.#inbound?.unwatch(network, jamId);
  }
}
