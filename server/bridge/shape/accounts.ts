import { randomBytes } from 'node:crypto';
import type { BridgeNetwork, MirrorChoice, NetworkBridgeStatus } from '../../../shared/bridges.ts';
import { AppError, forbidden, fromZod, invalidInput, notFound } from '../../errors.ts';
import type { Deps } from '../../core/deps.ts';
import type { SeriesRow } from '../../store/series.ts';
import type { UserRow } from '../../store/users.ts';
import { backoffDelay } from '../config.ts';
import { openToken, sealToken } from '../crypto.ts';
import type { AppRegistry, BridgeFailure, LinkedAccount, NetworkAdapter, OpenLink } from './adapter.ts';
import { CallFailed, LinkHealth, type HealthRecord } from './health.ts';
import type { OpenBridgeSetup } from './config.ts';
import type { BridgeStore, NetworkLinkRow } from './store.ts';
import { seriesAllowing } from '../../core/policy.ts';

/** An OAuth round trip older than this is refused. */
const OAUTH_TTL_MS = 15 * 60_000;

/** A call was skipped because the link cannot be used now; the caller retries later or gives up. */
export class LinkUnavailable extends Error {
  constructor(
    readonly reason: 'unlinked' | 'broken' | 'rate_limited',
    readonly until?: Date,
  ) {
    super(`link ${reason}`);
  }
}

export { CallFailed };

/**
 * When a hashtag reader (any network) reads again after a failed read: a skipped call at the
 * normal pace (or when the rate-limit window it hit ends), a 429 at the network's reset, an
 * access-level refusal (an app tier without this endpoint, e.g. X Free and search) rarely, in case
 * the app is upgraded, anything else after a growing jittered backoff. `failures` counts the
 * failures in a row before this one; the answer says how many there are now.
 */
export function afterFailedRead(error: unknown, config: { pollMs: number; backoffMinMs: number; backoffMaxMs: number }, now: number, failures: number): { wait: number; failures: number } {
  if (error instanceof LinkUnavailable) return { wait: error.reason === 'rate_limited' && error.until ? Math.max(config.pollMs, error.until.getTime() - now) : config.pollMs, failures };
  if (error instanceof CallFailed && error.failure.kind === 'rate_limited') return { wait: Math.max(0, error.failure.resetAt.getTime() - now), failures };
  if (error instanceof CallFailed && error.failure.kind === 'access') return { wait: Math.max(config.pollMs, config.backoffMaxMs), failures };
  return { wait: Math.max(config.pollMs, backoffDelay(config, failures + 1)), failures: failures + 1 };
}

/**
 * Linked accounts on every open network: linking (app password, or OAuth on the host's instance),
 * credentials sealed at rest, one client per link, and the link's health (ok / rate limited /
 * broken) recorded where the host console reads it. Adapters only talk to their network.
 */
export class NetworkAccounts {
  #clients = new Map<string, { stamp: string; client: Promise<unknown> }>();
  readonly #health: LinkHealth;

  constructor(
    private readonly deps: Deps,
    private readonly store: BridgeStore,
    private readonly setup: OpenBridgeSetup,
    readonly adapters: ReadonlyMap<BridgeNetwork, NetworkAdapter>,
  ) {
    this.#health = new LinkHealth(deps.clock);
  }

  adapter(network: BridgeNetwork): NetworkAdapter {
    const adapter = this.adapters.get(network);
    if (!adapter) throw notFound(`bridge network "${network}"`);
    return adapter;
  }

  async statuses(user: UserRow, slug: string): Promise<NetworkBridgeStatus[]> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', slug, 'see its bridges');
    return Promise.all([...this.adapters.keys()].map((network) => this.statusOf(network, series.id, user.id)));
  }

  async status(user: UserRow, slug: string, network: BridgeNetwork): Promise<NetworkBridgeStatus> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', slug, 'see its bridges');
    return this.statusOf(network, series.id, user.id);
  }

  async statusOf(network: BridgeNetwork, seriesId: string, userId: string): Promise<NetworkBridgeStatus> {
    const adapter = this.adapter(network);
    const [link, counts, mirror] = await Promise.all([this.store.link(network, seriesId), this.store.counts(network, seriesId), this.store.mirrorEnabled(network, seriesId, userId)]);
    const base = { network, label: adapter.label, linkKind: adapter.linkKind, enabled: this.setup.enabled, inboundCount: counts.inbound, outboundCount: counts.outbound, mirror };
    if (!this.setup.enabled || !link) return { ...base, linked: false, state: 'unlinked', account: null, lastError: this.setup.enabled ? null : this.setup.reason, lastSyncAt: link?.last_sync_at ?? null, maxChars: null };
    // A rate-limit window that has passed is over, even if no call has succeeded since.
    const over = link.state === 'rate_limited' && link.rate_limited_until !== null && Date.parse(link.rate_limited_until) <= this.deps.clock.now().getTime();
    return { ...base, linked: true, state: over ? 'ok' : link.state, account: { username: link.username, instance: link.instance }, lastError: link.last_error, lastSyncAt: link.last_sync_at, maxChars: link.max_chars };
  }

  /**
   * Owner only. App-password networks link at once (the credentials are checked with the network);
   * OAuth networks answer with the instance's consent URL, and complete() finishes on the callback.
   */
  async link(user: UserRow, slug: string, network: BridgeNetwork, body: unknown, fallbackRedirect: string): Promise<{ status: NetworkBridgeStatus } | { authorizeUrl: string }> {
    const adapter = this.adapter(network);
    this.key();
    const { series } = await seriesAllowing(this.deps.store, user, 'series:own', slug, `link or unlink its ${adapter.label} account`);
    const parsed = adapter.linkSchema.safeParse(body);
    if (!parsed.success) throw fromZod(parsed.error);
    if (adapter.linkKind === 'oauth') {
      const state = randomBytes(24).toString('base64url');
      const redirectUri = (this.setup.enabled && this.setup.config.mastodonCallbackUrl) || fallbackRedirect;
      const { url, instance } = await this.guard(adapter, () => adapter.authorize!(parsed.data, redirectUri, state, this.apps(network)));
      const now = this.deps.clock.now();
      await this.store.dropOauthRequestsBefore(new Date(now.getTime() - OAUTH_TTL_MS).toISOString());
      await this.store.saveOauthRequest({ state, network, series_id: series.id, user_id: user.id, instance, redirect_uri: redirectUri, created_at: now.toISOString() });
      return { authorizeUrl: url };
    }
    const account = await this.guard(adapter, () => adapter.link!(parsed.data));
    await this.save(network, series, user, account);
    return { status: await this.statusOf(network, series.id, user.id) };
  }

  /** The instance sent the host back with a code: exchange it, store the link; returns the network and series. */
  async complete(user: UserRow, input: { state: string; code: string }): Promise<{ network: BridgeNetwork; series: SeriesRow }> {
    const request = await this.store.takeOauthRequest(input.state);
    if (!request || Date.parse(request.created_at) < this.deps.clock.now().getTime() - OAUTH_TTL_MS) throw invalidInput('this authorization has expired or was already used; start linking again', 'state');
    if (request.user_id !== user.id) throw forbidden('this authorization was started by someone else');
    const network = request.network as BridgeNetwork;
    const adapter = this.adapter(network);
    const series = await this.deps.store.series.byId(request.series_id);
    if (!series) throw notFound('series');
    const account = await this.guard(adapter, () => adapter.complete!({ instance: request.instance, redirectUri: request.redirect_uri, code: input.code }, this.apps(network)));
    await this.save(network, series, user, account);
    return { network, series };
  }

  /** Owner only: forgets the credentials (revoking them on the network when it answers). */
  async unlink(user: UserRow, slug: string, network: BridgeNetwork): Promise<SeriesRow> {
    const adapter = this.adapter(network);
    const { series } = await seriesAllowing(this.deps.store, user, 'series:own', slug, `link or unlink its ${adapter.label} account`);
    const link = await this.store.link(network, series.id);
    // Best effort: a dead token or an unreachable instance must not keep the owner linked.
    if (link && adapter.revoke) await adapter.revoke(this.opened(link), this.apps(network)).catch(() => {});
    await this.store.deleteLink(network, series.id);
    this.forget(network, series.id);
    return series;
  }

  /** Whether this user's posts in the series (as host or panelist) are mirrored, per network; `set` changes one first. */
  async mirrors(user: UserRow, slug: string, set?: { network: BridgeNetwork; enabled: boolean }): Promise<MirrorChoice[]> {
    const series = await this.deps.store.series.bySlug(slug);
    if (!series) throw notFound(`series "${slug}"`);
    if (set) {
      this.adapter(set.network);
      await this.store.setMirror(set.network, series.id, user.id, set.enabled, this.deps.clock.now().toISOString());
    }
    return Promise.all(
      [...this.adapters.values()].map(async (adapter) => {
        const [link, enabled] = await Promise.all([this.setup.enabled ? this.store.link(adapter.network, series.id) : undefined, this.store.mirrorEnabled(adapter.network, series.id, user.id)]);
        return { network: adapter.network, label: adapter.label, linked: !!link, account: link?.username ?? null, enabled };
      }),
    );
  }

  /**
   * Runs one call as the series' linked account. Skips (LinkUnavailable) when unlinked, broken or
   * inside a rate-limit window for this endpoint; records 429 / 401 as the link's state and throws CallFailed.
   */
  async call<T>(network: BridgeNetwork, seriesId: string, endpoint: string, fn: (client: never, link: NetworkLinkRow) => Promise<T>): Promise<T> {
    const adapter = this.adapter(network);
    const link = await this.usable(network, seriesId, endpoint);
    try {
      const client = await this.client(adapter, link);
      const result = await fn(client as never, link);
      await this.markHealthy(network, seriesId, endpoint);
      return result;
    } catch (error) {
      if (error instanceof LinkUnavailable || error instanceof CallFailed) throw error;
      if (error instanceof CredentialsUnreadable) throw await this.recordFailure(network, seriesId, endpoint, { kind: 'auth', status: 401, message: error.message });
      throw await this.recordFailure(network, seriesId, endpoint, adapter.classify(error, this.deps.clock.now()));
    }
  }

  /** The link, if it may be used for this endpoint now. */
  async usable(network: BridgeNetwork, seriesId: string, endpoint: string): Promise<NetworkLinkRow> {
    if (!this.setup.enabled) throw new LinkUnavailable('unlinked');
    const link = await this.store.link(network, seriesId);
    if (!link) throw new LinkUnavailable('unlinked');
    if (link.state === 'broken') throw new LinkUnavailable('broken');
    const until = this.#health.limitedUntil(`${network}:${seriesId}`, endpoint);
    if (until) throw new LinkUnavailable('rate_limited', until);
    return link;
  }

  async recordFailure(network: BridgeNetwork, seriesId: string, endpoint: string, failure: BridgeFailure): Promise<CallFailed> {
    // A refused credential: the cached client goes too, so a relink logs in afresh.
    if (failure.kind === 'auth') this.forget(network, seriesId);
    return this.#health.failed(`${network}:${seriesId}`, endpoint, failure, this.record(network, seriesId), `the series owner needs to link ${this.adapter(network).label} again`);
  }

  /** A call on this endpoint worked: its window is over, and the link is ok again if nothing else is limited. */
  markHealthy(network: BridgeNetwork, seriesId: string, endpoint: string): Promise<void> {
    return this.#health.healthy(`${network}:${seriesId}`, endpoint, this.record(network, seriesId));
  }

  private record(network: BridgeNetwork, seriesId: string): HealthRecord {
    return { read: () => this.store.link(network, seriesId), write: (changes) => this.store.updateLink(network, seriesId, changes) };
  }

  /** One client per link (Bluesky logs in once); a relink (new created_at) or a refused credential opens a new one. */
  private client(adapter: NetworkAdapter, link: NetworkLinkRow): Promise<unknown> {
    const key = `${link.network}:${link.series_id}`;
    const cached = this.#clients.get(key);
    if (cached && cached.stamp === link.created_at) return cached.client;
    const client = adapter.open(this.opened(link));
    this.#clients.set(key, { stamp: link.created_at, client });
    client.catch(() => this.#clients.get(key)?.client === client && this.#clients.delete(key));
    return client;
  }

  private forget(network: string, seriesId: string): void {
    this.#clients.delete(`${network}:${seriesId}`);
    this.#health.forget(`${network}:${seriesId}`);
  }

  private async save(network: BridgeNetwork, series: SeriesRow, user: UserRow, account: LinkedAccount): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    await this.store.saveLink({
      series_id: series.id,
      network,
      linked_by: user.id,
      account_id: account.accountId,
      username: account.username,
      instance: account.instance,
      credentials: sealToken(this.key(), JSON.stringify(account.credentials)),
      max_chars: account.maxChars,
      state: 'ok',
      last_error: null,
      rate_limited_until: null,
      last_sync_at: null,
      cursor: null,
      cursor_jam_id: null,
      created_at: at,
      updated_at: at,
    });
    this.forget(network, series.id);
  }

  /** Errors of the network while linking, as the host should read them. */
  private async guard<T>(adapter: NetworkAdapter, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const failure = adapter.classify(error, this.deps.clock.now());
      if (failure.kind === 'auth') throw invalidInput(`${adapter.label} did not accept these credentials (${failure.message})`);
      if (failure.kind === 'rejected') throw invalidInput(`${adapter.label} refused: ${failure.message}`);
      throw new AppError('unavailable', `${adapter.label} could not be reached to link: ${failure.message}`);
    }
  }

  private apps(network: string): AppRegistry {
    return {
      get: async (instance, redirectUri) => {
        const row = await this.store.app(network, instance, redirectUri);
        return row ? { clientId: row.client_id, clientSecret: openToken(this.key(), row.client_secret) } : null;
      },
      save: (instance, redirectUri, app) =>
        this.store.saveApp({ network, instance, redirect_uri: redirectUri, client_id: app.clientId, client_secret: sealToken(this.key(), app.clientSecret), created_at: this.deps.clock.now().toISOString() }),
    };
  }

  private opened(link: NetworkLinkRow): OpenLink {
    let credentials: Record<string, string>;
    try {
      credentials = JSON.parse(openToken(this.key(), link.credentials)) as Record<string, string>;
    } catch {
      throw new CredentialsUnreadable();
    }
    return { seriesId: link.series_id, accountId: link.account_id, username: link.username, instance: link.instance, credentials };
  }

  private key(): Buffer {
    if (!this.setup.enabled) throw new AppError('unavailable', this.setup.reason);
    return this.setup.config.tokenKey;
  }
}

/** The stored credentials do not open with this BRIDGE_TOKEN_KEY (the key changed): only linking again helps. */
class CredentialsUnreadable extends Error {
  constructor() {
    super('the stored credentials cannot be decrypted with the current BRIDGE_TOKEN_KEY');
  }
}
