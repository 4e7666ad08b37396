import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { MockNetwork, type ProgrammedFailure, type SeenRequest, type Send } from './mockNetwork.ts';

/**
 * A local stand-in for the X API v2, just what the bridge calls: the OAuth 2.0 token endpoint
 * (PKCE checked), users/me, POST /2/tweets, recent search (since_id, start_time, next_token
 * pagination), filtered-stream rules and a stream that can be cut, and programmable failures
 * (429 with a reset, 401, 403; `error: 'client-not-enrolled'` for an app whose access level lacks
 * the endpoint). The real X is never called.
 */

export interface MockUser {
  id: string;
  username: string;
  name: string;
}

export interface MockTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  referenced_tweets?: { type: 'replied_to' | 'quoted' | 'retweeted'; id: string }[];
}

interface StreamRule {
  id: string;
  value: string;
  tag?: string;
}

export class MockX extends MockNetwork {
  readonly clientId = 'tj-test-client';
  readonly clientSecret = 'tj-test-secret';
  readonly appBearer = 'app-bearer-token';
  readonly tweets: MockTweet[] = [];
  readonly rules: StreamRule[] = [];
  /** How many times a filtered stream was opened. */
  streamConnections = 0;
  /** Lifetime of issued access tokens. */
  tokenTtlSec = 7200;
  #users = new Map<string, MockUser>();
  #codes = new Map<string, { challenge: string; redirectUri: string; userId: string }>();
  #access = new Map<string, string>();
  #refresh = new Map<string, string>();
  #streams = new Set<http.ServerResponse>();
  #nextId = 1_900_000_000_000_000_000n;

  override async close(): Promise<void> {
    this.disconnectStreams();
    await super.close();
  }

  user(username: string, name = username): MockUser {
    const existing = [...this.#users.values()].find((u) => u.username === username);
    if (existing) return existing;
    const user = { id: String(1000 + this.#users.size), username, name };
    this.#users.set(user.id, user);
    return user;
  }

  /** Plays the owner on X's consent screen: approves the authorize URL, returning what X puts on the callback. */
  approve(authorizeUrl: string, username = 'jamhost'): { code: string; state: string } {
    const url = new URL(authorizeUrl);
    if (url.searchParams.get('client_id') !== this.clientId) throw new Error('authorize URL carries another client id');
    if (url.searchParams.get('code_challenge_method') !== 's256') throw new Error('authorize URL is not PKCE S256');
    const code = randomBytes(12).toString('hex');
    this.#codes.set(code, { challenge: url.searchParams.get('code_challenge')!, redirectUri: url.searchParams.get('redirect_uri')!, userId: this.user(username).id });
    return { code, state: url.searchParams.get('state')! };
  }

  /** The owner revokes the app on X: every token stops working, refresh included. */
  revokeAll(): void {
    this.#access.clear();
    this.#refresh.clear();
  }

  /** Someone on X tweets. Open filtered streams whose rules match receive it. */
  tweet(username: string, text: string, extra: Partial<Pick<MockTweet, 'referenced_tweets'>> = {}): MockTweet {
    const tweet: MockTweet = { id: String(this.#nextId++), text, author_id: this.user(username).id, created_at: new Date().toISOString(), ...extra };
    this.tweets.push(tweet);
    const includes = { users: [this.#users.get(tweet.author_id)!] };
    for (const res of this.#streams) {
      const matching = this.rules.filter((rule) => matches(rule.value, tweet.text)).map((rule) => ({ id: rule.id, tag: rule.tag }));
      if (matching.length > 0) res.write(`${JSON.stringify({ data: tweet, includes, matching_rules: matching })}\r\n`);
    }
    this.emit('change');
    return tweet;
  }

  /** Cuts every open filtered stream, as X does on a network blip or deploy. */
  disconnectStreams(): void {
    for (const res of this.#streams) res.socket?.destroy();
    this.#streams.clear();
  }

  protected failure(failure: ProgrammedFailure, send: Send): number | void {
    if (failure.status === 429) {
      const reset = Math.ceil(Date.now() / 1000) + (failure.resetInSec ?? 1);
      send(429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { 'x-rate-limit-limit': '180', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) });
      return reset * 1000;
    }
    if (failure.error === 'client-not-enrolled') {
      return send(403, { client_id: '1', required_enrollment: 'Appropriate Level of API Access', registration_url: 'https://developer.x.com', title: 'Client Forbidden', detail: 'This request must be made using an approved developer account that is enrolled in the requested endpoint.', reason: 'client-not-enrolled', type: 'https://api.x.com/2/problems/client-forbidden' });
    }
    send(failure.status, { title: failure.status === 401 ? 'Unauthorized' : 'Forbidden', detail: failure.status === 401 ? 'Unauthorized' : 'Forbidden', type: 'about:blank', status: failure.status });
  }

  protected handle(record: SeenRequest, headers: http.IncomingHttpHeaders, send: Send, res: http.ServerResponse): void {
    const { body } = record;
    const bearer = record.token;
    const userId = bearer ? this.#access.get(bearer) : undefined;
    const unauthorized = () => send(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const route = `${record.method} ${record.path}`;

    switch (route) {
      case 'POST /2/oauth2/token':
        return this.token(headers, body, send);
      case 'POST /2/oauth2/revoke':
        this.#access.delete(String(body.token));
        this.#refresh.delete(String(body.token));
        return send(200, { revoked: true });
      case 'GET /2/users/me': {
        if (!userId) return unauthorized();
        return send(200, { data: this.#users.get(userId) });
      }
      case 'POST /2/tweets': {
        if (!userId) return unauthorized();
        const reply = (body.reply as { in_reply_to_tweet_id?: string } | undefined)?.in_reply_to_tweet_id;
        const tweet = this.tweet(this.#users.get(userId)!.username, String(body.text), reply ? { referenced_tweets: [{ type: 'replied_to', id: reply }] } : {});
        return send(201, { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } });
      }
      case 'GET /2/tweets/search/recent': {
        if (!userId && bearer !== this.appBearer) return unauthorized();
        return send(200, this.search(record.query));
      }
      case 'GET /2/tweets/search/stream/rules':
        if (bearer !== this.appBearer) return unauthorized();
        return send(200, { data: this.rules, meta: { sent: new Date().toISOString(), result_count: this.rules.length } });
      case 'POST /2/tweets/search/stream/rules': {
        if (bearer !== this.appBearer) return unauthorized();
        const add = (body.add as { value: string; tag?: string }[] | undefined) ?? [];
        const ids = ((body.delete as { ids?: string[] } | undefined)?.ids ?? []).map(String);
        const added = add.map((rule) => ({ id: String(this.#nextId++), ...rule }));
        for (const id of ids) this.rules.splice(this.rules.findIndex((rule) => rule.id === id) >>> 0, 1);
        this.rules.push(...added);
        return send(200, { data: added, meta: { sent: new Date().toISOString(), summary: { created: added.length, deleted: ids.length } } });
      }
      case 'GET /2/tweets/search/stream': {
        if (bearer !== this.appBearer) return unauthorized();
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.write('\r\n');
        this.#streams.add(res);
        this.streamConnections++;
        res.on('close', () => this.#streams.delete(res));
        this.emit('change');
        return;
      }
      default:
        return send(404, { title: 'Not Found', detail: `mock X has no ${route}`, type: 'about:blank' });
    }
  }

  private token(headers: http.IncomingHttpHeaders, body: Record<string, unknown>, send: Send): void {
    const basic = Buffer.from(`${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`).toString('base64');
    if (headers.authorization !== `Basic ${basic}`) return send(401, { error: 'unauthorized_client', error_description: 'bad client credentials' });
    let userId: string | undefined;
    if (body.grant_type === 'authorization_code') {
      const grant = this.#codes.get(String(body.code));
      this.#codes.delete(String(body.code));
      const challenge = createHash('sha256').update(String(body.code_verifier)).digest('base64url');
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== body.redirect_uri) return send(400, { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' });
      userId = grant.userId;
    } else if (body.grant_type === 'refresh_token') {
      userId = this.#refresh.get(String(body.refresh_token));
      // X rotates refresh tokens: each works once.
      this.#refresh.delete(String(body.refresh_token));
      if (!userId) return send(400, { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
    } else {
      return send(400, { error: 'unsupported_grant_type' });
    }
    const access = `at-${randomBytes(8).toString('hex')}`;
    const refresh = `rt-${randomBytes(8).toString('hex')}`;
    this.#access.set(access, userId);
    this.#refresh.set(refresh, userId);
    send(200, { token_type: 'bearer', expires_in: this.tokenTtlSec, access_token: access, refresh_token: refresh, scope: 'tweet.read tweet.write users.read offline.access' });
  }

  private search(query: URLSearchParams) {
    const q = query.get('query') ?? '';
    const since = query.get('since_id');
    const start = query.get('start_time');
    const max = Number(query.get('max_results') ?? 10);
    const offset = Number(query.get('next_token') ?? 0);
    const hits = this.tweets
      .filter((t) => matches(q, t.text) && (!since || BigInt(t.id) > BigInt(since)) && (!start || t.created_at >= start))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const page = hits.slice(offset, offset + max);
    if (page.length === 0) return { meta: { result_count: 0 } };
    const users = [...new Set(page.map((t) => t.author_id))].map((id) => this.#users.get(id)!);
    const next = offset + max < hits.length ? String(offset + max) : undefined;
    return { data: page, includes: { users }, meta: { result_count: page.length, newest_id: page[0]!.id, oldest_id: page.at(-1)!.id, ...(next ? { next_token: next } : {}) } };
  }
}

/** A query or rule like "#tag -is:retweet": the tweet must carry the hashtag as a whole tag. */
function matches(query: string, text: string): boolean {
  const tag = /#[\p{L}\p{N}_]+/u.exec(query)?.[0];
  return tag !== undefined && new RegExp(`${tag}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}

export async function startMockX(): Promise<MockX> {
  return new MockX().start();
}
