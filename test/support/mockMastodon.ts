import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { MockNetwork, type ProgrammedFailure, type SeenRequest, type Send } from './mockNetwork.ts';

/**
 * A local stand-in for one Mastodon instance, just the REST API the bridge calls, in Mastodon's
 * own JSON (snake_case, HTML content): POST /api/v1/apps, the authorization code flow
 * (/oauth/authorize is played by approve(), POST /oauth/token, POST /oauth/revoke),
 * verify_credentials, /api/v2/instance (its configured max_characters), POST /api/v1/statuses,
 * the hashtag timeline (max_id / min_id pages), /api/v1/statuses/:id/context, and the streaming
 * server's hashtag stream as server-sent events (GET /api/v1/streaming/hashtag?tag=…: an
 * `event: update` with the status JSON for each new tagged status, `:thump` comments). 429 carries
 * X-RateLimit-Reset as an ISO time, as Mastodon does. The real network is never called.
 */

export interface MockMastodonAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
}

export interface MockStatus {
  id: string;
  uri: string;
  url: string;
  account: MockMastodonAccount;
  /** HTML, as Mastodon renders it. */
  content: string;
  created_at: string;
  in_reply_to_id: string | null;
  tags: string[];
  /** What was typed (for assertions). */
  text: string;
}

export class MockMastodon extends MockNetwork {
  readonly statuses: MockStatus[] = [];
  readonly domain = 'social.example';
  /** What /api/v2/instance says statuses may hold. */
  maxCharacters = 500;
  #apps = new Map<string, { secret: string; redirectUri: string }>();
  #codes = new Map<string, { clientId: string; redirectUri: string; username: string }>();
  #tokens = new Map<string, string>();
  #accounts = new Map<string, MockMastodonAccount>();
  #nextId = 110_000_000_000_000_000n;
  #streams = new Set<{ tag: string; token: string; response: http.ServerResponse }>();

  account(username: string): MockMastodonAccount {
    const existing = this.#accounts.get(username);
    if (existing) return existing;
    const account = { id: String(100 + this.#accounts.size), username, acct: username, display_name: username[0]!.toUpperCase() + username.slice(1) };
    this.#accounts.set(username, account);
    return account;
  }

  /** Plays the host on the instance's consent screen: approves the authorize URL, returning what the instance puts on the callback. */
  approve(authorizeUrl: string, username = 'jamhost'): { code: string; state: string } {
    const url = new URL(authorizeUrl);
    if (`${url.origin}${url.pathname}` !== `${this.url}/oauth/authorize`) throw new Error(`authorize URL is not this instance's: ${authorizeUrl}`);
    const clientId = url.searchParams.get('client_id') ?? '';
    const app = this.#apps.get(clientId);
    if (!app || app.redirectUri !== url.searchParams.get('redirect_uri') || url.searchParams.get('response_type') !== 'code') throw new Error('authorize URL names no registered app or another redirect');
    const code = randomBytes(12).toString('hex');
    this.#codes.set(code, { clientId, redirectUri: app.redirectUri, username });
    return { code, state: url.searchParams.get('state')! };
  }

  /** The host revokes the app in their instance's settings: its tokens stop working, and their streams are closed (as Mastodon does). */
  revokeAll(): void {
    this.#tokens.clear();
    this.dropStreams();
  }

  /** Hashtag streams connected now. */
  get streamsOpen(): number {
    return this.#streams.size;
  }

  /** The streaming server restarts (or the connection breaks): every open stream ends. */
  dropStreams(): void {
    for (const stream of [...this.#streams]) {
      this.#streams.delete(stream);
      stream.response.destroy();
    }
    this.emit('change');
  }

  get appsRegistered(): number {
    return this.#apps.size;
  }

  /** Someone on the fediverse posts (or replies); tags are read from the text like Mastodon does. */
  post(username: string, text: string, replyTo?: MockStatus): MockStatus {
    const account = this.account(username);
    const id = String(this.#nextId++);
    const url = `https://${this.domain}/@${username}/${id}`;
    const html = `<p>${escapeHtml(text).replace(/#([\p{L}\p{N}_]+)/gu, `<a href="https://${this.domain}/tags/$1" class="mention hashtag" rel="tag">#<span>$1</span></a>`).replace(/\n/g, '<br />')}</p>`;
    const status: MockStatus = { id, uri: `https://${this.domain}/users/${username}/statuses/${id}`, url, account, content: html, created_at: new Date().toISOString(), in_reply_to_id: replyTo?.id ?? null, tags: [...text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => m[1]!.toLowerCase()), text };
    this.statuses.push(status);
    const event = `event: update\ndata: ${JSON.stringify(this.entity(status))}\n\n`;
    for (const stream of this.#streams) if (status.tags.includes(stream.tag)) stream.response.write(event);
    this.emit('change');
    return status;
  }

  protected failure(failure: ProgrammedFailure, send: Send): number | void {
    if (failure.status === 429) {
      const reset = new Date(Date.now() + (failure.resetInSec ?? 1) * 1000);
      send(429, { error: 'Too many requests' }, { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset.toISOString() });
      return reset.getTime();
    }
    send(failure.status, { error: failure.status === 401 ? 'The access token is invalid' : 'programmed failure' });
  }

  protected handle(request: SeenRequest, headers: http.IncomingHttpHeaders, send: Send, response: http.ServerResponse): void {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    const username = token ? this.#tokens.get(token) : undefined;
    const me = username ? this.account(username) : null;
    const unauthorized = () => send(401, { error: token ? 'The access token was revoked' : 'The access token is invalid' });
    const route = `${request.method} ${request.path}`;
    const context = /^GET \/api\/v1\/statuses\/(\d+)\/context$/.exec(route);
    if (context) {
      if (!me) return unauthorized();
      const root = this.statuses.find((s) => s.id === context[1]);
      if (!root) return send(404, { error: 'Record not found' });
      return send(200, { ancestors: [], descendants: this.descendants(root.id).map((s) => this.entity(s)) });
    }
    const tag = /^GET \/api\/v1\/timelines\/tag\/([^/]+)$/.exec(route);
    if (tag) {
      if (!me) return unauthorized();
      const page = this.timeline(decodeURIComponent(tag[1]!).toLowerCase(), request.query);
      request.served = page.map((s) => s.id);
      return send(200, page.map((s) => this.entity(s)));
    }
    switch (route) {
      case 'GET /api/v1/streaming/hashtag': {
        if (!me || !token) return unauthorized();
        const streamed = request.query.get('tag');
        if (!streamed) return send(400, { error: 'Missing parameter: tag' });
        request.status = 200;
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'private, no-store', 'transfer-encoding': 'chunked' });
        response.write(':)\n');
        const stream = { tag: streamed.toLowerCase(), token, response };
        this.#streams.add(stream);
        response.on('close', () => {
          if (this.#streams.delete(stream)) this.emit('change');
        });
        return void this.emit('change');
      }
      case 'POST /api/v1/apps': {
        const clientId = randomBytes(16).toString('base64url');
        const secret = randomBytes(24).toString('base64url');
        this.#apps.set(clientId, { secret, redirectUri: String(request.body.redirect_uris) });
        return send(200, { id: String(this.#apps.size), name: request.body.client_name, website: request.body.website ?? null, scopes: String(request.body.scopes ?? 'read').split(' '), redirect_uri: request.body.redirect_uris, redirect_uris: [request.body.redirect_uris], client_id: clientId, client_secret: secret, vapid_key: 'BCk-mock' });
      }
      case 'POST /oauth/token': {
        const app = this.#apps.get(String(request.body.client_id));
        const grant = this.#codes.get(String(request.body.code));
        this.#codes.delete(String(request.body.code));
        if (!app || app.secret !== request.body.client_secret) return send(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
        if (request.body.grant_type !== 'authorization_code' || !grant || grant.clientId !== request.body.client_id || grant.redirectUri !== request.body.redirect_uri) return send(400, { error: 'invalid_grant', error_description: 'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.' });
        const access = randomBytes(20).toString('base64url');
        this.#tokens.set(access, grant.username);
        return send(200, { access_token: access, token_type: 'Bearer', scope: String(request.body.scope ?? 'read'), created_at: Math.floor(Date.now() / 1000) });
      }
      case 'POST /oauth/revoke':
        this.#tokens.delete(String(request.body.token));
        return send(200, {});
      case 'GET /api/v1/accounts/verify_credentials':
        if (!me) return unauthorized();
        return send(200, { ...this.accountEntity(me), source: { privacy: 'public', sensitive: false, language: 'en', note: '', fields: [] } });
      case 'GET /api/v2/instance':
        return send(200, { domain: this.domain, title: 'Mock social', version: '4.3.0', source_url: 'https://github.com/mastodon/mastodon', description: '', usage: { users: { active_month: 1 } }, thumbnail: { url: `https://${this.domain}/thumb.png` }, languages: ['en'], configuration: { urls: { streaming: this.url.replace('http', 'ws') }, statuses: { max_characters: this.maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23 } }, registrations: { enabled: false, approval_required: false, message: null }, contact: { email: '' }, rules: [] });
      case 'POST /api/v1/statuses': {
        if (!me) return unauthorized();
        const text = String(request.body.status ?? '');
        if ([...text].length > this.maxCharacters) return send(422, { error: 'Validation failed: Text character limit exceeded' });
        const parentId = request.body.in_reply_to_id ? String(request.body.in_reply_to_id) : null;
        const parent = parentId ? this.statuses.find((s) => s.id === parentId) : undefined;
        if (parentId && !parent) return send(404, { error: 'Record not found' });
        return send(200, this.entity(this.post(me.username, text, parent)));
      }
      default:
        return send(404, { error: `mock Mastodon has no ${route}` });
    }
  }

  /** Newest first; min_id gives the page right after it (the oldest `limit` newer ones), max_id the page before. */
  private timeline(tag: string, query: URLSearchParams): MockStatus[] {
    const limit = Math.min(Number(query.get('limit') ?? 20), 40);
    const minId = query.get('min_id');
    const maxId = query.get('max_id');
    const sinceId = query.get('since_id');
    const tagged = this.statuses.filter((s) => s.tags.includes(tag)).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    if (minId) return tagged.filter((s) => BigInt(s.id) > BigInt(minId)).slice(-limit);
    return tagged.filter((s) => (!maxId || BigInt(s.id) < BigInt(maxId)) && (!sinceId || BigInt(s.id) > BigInt(sinceId))).slice(0, limit);
  }

  private descendants(id: string): MockStatus[] {
    const children = this.statuses.filter((s) => s.in_reply_to_id === id);
    return children.flatMap((child) => [child, ...this.descendants(child.id)]);
  }

  private accountEntity(account: MockMastodonAccount) {
    return { ...account, locked: false, bot: false, discoverable: true, group: false, created_at: '2024-01-01T00:00:00.000Z', note: '', url: `https://${this.domain}/@${account.username}`, avatar: '', avatar_static: '', header: '', header_static: '', followers_count: 0, following_count: 0, statuses_count: 0, last_status_at: null, emojis: [], fields: [] };
  }

  private entity(status: MockStatus) {
    return {
      id: status.id,
      uri: status.uri,
      url: status.url,
      created_at: status.created_at,
      account: this.accountEntity(status.account),
      content: status.content,
      visibility: 'public',
      sensitive: false,
      spoiler_text: '',
      media_attachments: [],
      application: null,
      mentions: [],
      tags: status.tags.map((name) => ({ name, url: `https://${this.domain}/tags/${name}` })),
      emojis: [],
      reblogs_count: 0,
      favourites_count: 0,
      replies_count: this.statuses.filter((s) => s.in_reply_to_id === status.id).length,
      in_reply_to_id: status.in_reply_to_id,
      in_reply_to_account_id: status.in_reply_to_id ? (this.statuses.find((s) => s.id === status.in_reply_to_id)?.account.id ?? null) : null,
      reblog: null,
      poll: null,
      card: null,
      language: 'en',
      text: null,
      edited_at: null,
    };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export async function startMockMastodon(): Promise<MockMastodon> {
  return new MockMastodon().start();
}
