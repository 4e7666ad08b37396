import type { TwitterApi } from 'twitter-api-v2';
import { AppError, forbidden, invalidInput, notFound } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';
import { X_UNAVAILABLE, type BridgeSetup } from './config.ts';
import { openToken, sealToken } from './crypto.ts';
import type { BridgeStatus } from '../../shared/bridges.ts';
import type { BridgeRepo, LinkRow } from './repo.ts';
import type { BridgeStore } from './shape/store.ts';

export type { BridgeStatus };
import { classify, XClients, type XFailure } from './xClient.ts';
import { LinkUnavailable } from './shape/accounts.ts';
import { CallFailed, LinkHealth, type HealthRecord } from './shape/health.ts';
import { seriesAllowing } from '../core/policy.ts';

/** Skipped and failed calls are the bridges' shared kinds (shape/accounts.ts), so one queue and one reader loop handle every network. */
export { CallFailed as XCallFailed, LinkUnavailable };

/** Scopes asked of the owner: read and post tweets, read their profile, and stay linked (refresh tokens). */
const SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'offline.access'];
/** An authorize round trip older than this is refused. */
const OAUTH_TTL_MS = 15 * 60_000;
/** Refresh this long before X says the access token expires. */
const REFRESH_EARLY_MS = 60_000;

/** The stored tokens do not open with this X_TOKEN_KEY (the key changed): only linking again helps. */
class TokenUnreadable extends Error {
  constructor() {
    super('the stored X tokens cannot be decrypted with the current X_TOKEN_KEY');
  }
}

/**
 * Linked X accounts: the OAuth 2.0 PKCE round trip, tokens sealed at rest and refreshed before
 * they expire, and the link's health (ok / rate limited / broken) recorded where the console reads it.
 */
export class Links {
  readonly clients: XClients | null;
  readonly #health: LinkHealth;
  #refreshing = new Map<string, Promise<string>>();

  constructor(
    private readonly deps: Deps,
    private readonly repo: BridgeRepo,
    private readonly store: BridgeStore,
    private readonly setup: BridgeSetup,
  ) {
    this.clients = setup.enabled ? new XClients(setup.config) : null;
    this.#health = new LinkHealth(deps.clock);
  }

  async status(user: UserRow, slug: string): Promise<BridgeStatus> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', slug, 'see its X bridge');
    return this.statusOf(series.id);
  }

  async statusOf(seriesId: string): Promise<BridgeStatus> {
    const inbound = this.setup.enabled ? (this.setup.config.bearerToken ? 'stream' : 'search') : null;
    const [link, { inbound: inboundCount, outbound: outboundCount }] = await Promise.all([this.repo.link(seriesId), this.store.counts('x', seriesId)]);
    if (!this.setup.enabled || !link) {
      return { enabled: this.setup.enabled, linked: false, state: 'unlinked', account: null, lastError: this.setup.enabled ? null : X_UNAVAILABLE, lastSyncAt: link?.last_sync_at ?? null, inboundCount, outboundCount, inbound };
    }
    // A rate-limit window that has passed is over, even if no call has succeeded since.
    const over = link.state === 'rate_limited' && link.rate_limited_until !== null && Date.parse(link.rate_limited_until) <= this.deps.clock.now().getTime();
    return { enabled: true, linked: true, state: over ? 'ok' : link.state, account: { username: link.username }, lastError: link.last_error, lastSyncAt: link.last_sync_at, inboundCount, outboundCount, inbound };
  }

  /** Step 1 (owner only): an authorize URL to send the owner to; the PKCE verifier waits, sealed, for the callback. */
  async start(user: UserRow, slug: string, fallbackRedirect: string): Promise<{ url: string }> {
    // Who asks comes first: only the owner learns whether the bridge is configured.
    const { series } = await seriesAllowing(this.deps.store, user, 'series:own', slug, 'link or unlink its X account');
    const clients = this.requireClients();
    const config = this.setup.enabled ? this.setup.config : null;
    const redirectUri = config?.callbackUrl ?? fallbackRedirect;
    const { url, state, codeVerifier } = clients.app().generateOAuth2AuthLink(redirectUri, { scope: SCOPES });
    const now = this.deps.clock.now();
    await this.repo.dropOauthRequestsBefore(new Date(now.getTime() - OAUTH_TTL_MS).toISOString());
    await this.repo.saveOauthRequest({ state, series_id: series.id, user_id: user.id, code_verifier: this.seal(codeVerifier), redirect_uri: redirectUri, created_at: now.toISOString() });
    return { url };
  }

  /** Step 2: X sent the owner back with a code; exchange it (with the verifier), learn the username, store the link. */
  async complete(user: UserRow, input: { state: string; code: string }): Promise<SeriesRow> {
    const clients = this.requireClients();
    const request = await this.repo.takeOauthRequest(input.state);
    const now = this.deps.clock.now();
    if (!request || Date.parse(request.created_at) < now.getTime() - OAUTH_TTL_MS) throw invalidInput('this X authorization has expired or was already used; start linking again', 'state');
    if (request.user_id !== user.id) throw forbidden('this X authorization was started by someone else');
    const series = await this.deps.store.series.byId(request.series_id);
    if (!series) throw notFound('series');
    let login;
    let me;
    try {
      login = await clients.app().loginWithOAuth2({ code: input.code, codeVerifier: this.open(request.code_verifier), redirectUri: request.redirect_uri });
      me = await login.client.v2.me();
    } catch (error) {
      throw new AppError('unavailable', `X did not accept the authorization: ${classify(error, now).message}`);
    }
    const at = now.toISOString();
    await this.repo.saveLink({
      series_id: series.id,
      linked_by: user.id,
      x_user_id: me.data.id,
      username: me.data.username,
      access_token: this.seal(login.accessToken),
      refresh_token: login.refreshToken ? this.seal(login.refreshToken) : null,
      expires_at: new Date(now.getTime() + login.expiresIn * 1000).toISOString(),
      scope: login.scope.join(' '),
      state: 'ok',
      last_error: null,
      rate_limited_until: null,
      last_sync_at: null,
      since_id: null,
      since_jam_id: null,
      created_at: at,
      updated_at: at,
    });
    this.clearLimits(series.id);
    return series;
  }

  /** Owner only: forgets the tokens (revoking them at X when it answers); the native jam is unaffected. */
  async unlink(user: UserRow, slug: string): Promise<SeriesRow> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:own', slug, 'link or unlink its X account');
    const link = await this.repo.link(series.id);
    if (link && this.clients) {
      const app = this.clients.app();
      // Best effort: a dead token or an unreachable X must not keep the owner linked.
      const revoke = async (sealed: string | null, kind: 'access_token' | 'refresh_token') => sealed && app.revokeOAuth2Token(this.open(sealed), kind);
      await Promise.allSettled([revoke(link.access_token, 'access_token'), revoke(link.refresh_token, 'refresh_token')]);
    }
    await this.repo.deleteLink(series.id);
    this.clearLimits(series.id);
    return series;
  }

  /**
   * Runs one call as the series' linked account. Skips (LinkUnavailable) when unlinked, broken or
   * inside a rate-limit window for this endpoint; refreshes an expiring token first, and once more on
   * a 401; records 429 / 401 / 403 as the link's state and throws CallFailed.
   */
  async call<T>(seriesId: string, endpoint: string, fn: (client: TwitterApi, link: LinkRow) => Promise<T>): Promise<T> {
    const link = await this.usable(seriesId, endpoint);
    try {
      let token = await this.freshToken(link);
      let result: T;
      try {
        result = await fn(this.clients!.user(token), link);
      } catch (error) {
        // A 401 may be an access token revoked or expired early: refresh once. A 403 is about access, not the token.
        const failure = classify(error, this.deps.clock.now());
        if (failure.kind !== 'auth' || failure.status !== 401 || !link.refresh_token) throw error;
        token = await this.refresh(link);
        result = await fn(this.clients!.user(token), link);
      }
      await this.markHealthy(seriesId, endpoint);
      return result;
    } catch (error) {
      if (error instanceof LinkUnavailable || error instanceof CallFailed) throw error;
      if (error instanceof TokenUnreadable) throw await this.recordFailure(seriesId, endpoint, { kind: 'auth', status: 401, message: error.message });
      throw await this.recordFailure(seriesId, endpoint, classify(error, this.deps.clock.now()));
    }
  }

  /** The link, if it may be used for this endpoint now. */
  async usable(seriesId: string, endpoint: string): Promise<LinkRow> {
    if (!this.clients) throw new LinkUnavailable('unlinked');
    const link = await this.repo.link(seriesId);
    if (!link) throw new LinkUnavailable('unlinked');
    if (link.state === 'broken') throw new LinkUnavailable('broken');
    const until = this.#health.limitedUntil(seriesId, endpoint);
    if (until) throw new LinkUnavailable('rate_limited', until);
    return link;
  }

  recordFailure(seriesId: string, endpoint: string, failure: XFailure): Promise<CallFailed> {
    return this.#health.failed(seriesId, endpoint, failure, this.record(seriesId), 'the series owner needs to link X again');
  }

  linkOf(seriesId: string): Promise<LinkRow | undefined> {
    return this.repo.link(seriesId);
  }

  /** Something the host should know that does not change the link's state (e.g. the stream fell back to polling). */
  async noteError(seriesId: string, message: string): Promise<void> {
    await this.repo.updateLink(seriesId, { last_error: message, updated_at: this.deps.clock.now().toISOString() });
  }

  /** A call on this endpoint worked: its rate-limit window is over, and the link is ok again if nothing else is limited. */
  markHealthy(seriesId: string, endpoint: string): Promise<void> {
    return this.#health.healthy(seriesId, endpoint, this.record(seriesId));
  }

  private record(seriesId: string): HealthRecord {
    return { read: () => this.repo.link(seriesId), write: (changes) => this.repo.updateLink(seriesId, changes) };
  }

  private async freshToken(link: LinkRow): Promise<string> {
    const expiring = link.expires_at !== null && Date.parse(link.expires_at) - REFRESH_EARLY_MS <= this.deps.clock.now().getTime();
    return expiring && link.refresh_token ? this.refresh(link) : this.open(link.access_token);
  }

  /** One refresh per series at a time: X rotates refresh tokens, so a second concurrent refresh would fail. */
  private refresh(link: LinkRow): Promise<string> {
    const running = this.#refreshing.get(link.series_id);
    if (running) return running;
    const task = (async () => {
      const current = (await this.repo.link(link.series_id)) ?? link;
      // Another call may have refreshed since this one read the link.
      if (current.access_token !== link.access_token) return this.open(current.access_token);
      if (!current.refresh_token) throw new CallFailed({ kind: 'auth', status: 401, message: 'the X token expired and there is no refresh token' });
      const now = this.deps.clock.now();
      try {
        const result = await this.clients!.app().refreshOAuth2Token(this.open(current.refresh_token));
        await this.repo.updateLink(link.series_id, {
          access_token: this.seal(result.accessToken),
          refresh_token: result.refreshToken ? this.seal(result.refreshToken) : current.refresh_token,
          expires_at: new Date(now.getTime() + result.expiresIn * 1000).toISOString(),
          updated_at: now.toISOString(),
        });
        return result.accessToken;
      } catch (error) {
        if (error instanceof TokenUnreadable) throw await this.recordFailure(link.series_id, 'oauth2/token', { kind: 'auth', status: 401, message: error.message });
        const failure = classify(error, now);
        // A refused refresh token (400 invalid_grant, 401) means the owner has to link again.
        const refused: XFailure = failure.kind === 'rejected' || failure.kind === 'auth' || failure.kind === 'access' ? { kind: 'auth', status: 'status' in failure ? failure.status : 401, message: `X refused to refresh the token (${failure.message})` } : failure;
        throw await this.recordFailure(link.series_id, 'oauth2/token', refused);
      }
    })();
    this.#refreshing.set(link.series_id, task);
    void task.finally(() => this.#refreshing.delete(link.series_id)).catch(() => {});
    return task;
  }

  private clearLimits(seriesId: string): void {
    this.#health.forget(seriesId);
  }

  private seal(plain: string): string {
    return sealToken(this.key(), plain);
  }

  private open(sealed: string): string {
    try {
      return openToken(this.key(), sealed);
    } catch {
      throw new TokenUnreadable();
    }
  }

  private key(): Buffer {
    if (!this.setup.enabled) throw new AppError('unavailable', X_UNAVAILABLE);
    return this.setup.config.tokenKey;
  }

  private requireClients(): XClients {
    if (!this.clients) throw new AppError('unavailable', this.setup.enabled ? 'the X bridge is off' : this.setup.reason);
    return this.clients;
  }
}
