import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { MockNetwork, type ProgrammedFailure, type SeenRequest, type Send } from './mockNetwork.ts';

/**
 * A local stand-in for a Bluesky PDS and AppView, just the XRPC methods the bridge calls, answered
 * in the lexicons' shapes (the agent validates every response): com.atproto.server.createSession
 * and refreshSession (app passwords, revocable), com.atproto.repo.createRecord (posts with facets
 * and reply refs), app.bsky.feed.searchPosts (q / tag, since, sort=latest, cursor pages) and
 * app.bsky.feed.getPostThread (reply trees). 429 carries ratelimit-reset like the real PDS.
 * The real network is never called.
 */

export interface MockAccount {
  did: string;
  handle: string;
  displayName: string;
}

export interface MockPost {
  uri: string;
  cid: string;
  author: MockAccount;
  record: { $type: 'app.bsky.feed.post'; text: string; createdAt: string; facets?: unknown[]; reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } } };
  indexedAt: string;
}

export class MockBluesky extends MockNetwork {
  readonly posts: MockPost[] = [];
  /** Page size of searchPosts, small in tests to exercise cursors. */
  searchPageSize = 100;
  #accounts = new Map<string, MockAccount>();
  /** app password → handle; a revoked one is deleted (and its sessions with it). */
  #appPasswords = new Map<string, string>();
  #sessions = new Map<string, { did: string; password: string; kind: 'access' | 'refresh' }>();
  #clock = Date.now();

  account(handle: string, displayName = handle.split('.')[0]!): MockAccount {
    const existing = this.#accounts.get(handle);
    if (existing) return existing;
    const account = { did: `did:plc:${base32(createHash('sha256').update(handle).digest()).slice(0, 24)}`, handle, displayName };
    this.#accounts.set(handle, account);
    return account;
  }

  /** Creates an app password for the account, as Bluesky's settings do. */
  appPassword(handle: string): string {
    this.account(handle);
    const password = Array.from({ length: 4 }, () => base32(randomBytes(4)).slice(0, 4)).join('-');
    this.#appPasswords.set(password, handle);
    return password;
  }

  /** The owner deletes the app password: logging in with it fails, and its sessions stop working. */
  revoke(password: string): void {
    this.#appPasswords.delete(password);
    for (const [token, session] of this.#sessions) if (session.password === password) this.#sessions.delete(token);
  }

  /** Someone posts (or replies, with `replyTo`); timestamps strictly increase so 'latest' order is total. */
  post(handle: string, text: string, replyTo?: MockPost): MockPost {
    const author = this.account(handle);
    this.#clock = Math.max(Date.now(), this.#clock + 1);
    const at = new Date(this.#clock).toISOString();
    const rkey = tid(this.#clock);
    const uri = `at://${author.did}/app.bsky.feed.post/${rkey}`;
    const root = replyTo?.record.reply?.root ?? (replyTo ? { uri: replyTo.uri, cid: replyTo.cid } : undefined);
    const record: MockPost['record'] = { $type: 'app.bsky.feed.post', text, createdAt: at, ...(replyTo ? { reply: { root: root!, parent: { uri: replyTo.uri, cid: replyTo.cid } } } : {}) };
    const post = { uri, cid: cidOf(uri), author, record, indexedAt: at };
    this.posts.push(post);
    this.emit('change');
    return post;
  }

  byUri(uri: string): MockPost | undefined {
    return this.posts.find((p) => p.uri === uri);
  }

  protected failure(failure: ProgrammedFailure, send: Send): number | void {
    if (failure.status === 429) {
      const reset = Math.ceil(Date.now() / 1000) + (failure.resetInSec ?? 1);
      send(429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset), 'ratelimit-policy': '3000;w=300' });
      return reset * 1000;
    }
    send(failure.status, { error: failure.error ?? (failure.status === 401 ? 'AuthenticationRequired' : 'InternalServerError'), message: 'programmed failure' });
  }

  protected handle(request: SeenRequest, headers: http.IncomingHttpHeaders, send: Send): void {
    const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    const session = token ? this.#sessions.get(token) : undefined;
    const account = session && [...this.#accounts.values()].find((a) => a.did === session.did);
    const authed = () => {
      if (session?.kind === 'access' && account) return account;
      // What a PDS answers a session whose app password was deleted.
      send(token ? 400 : 401, { error: token ? 'ExpiredToken' : 'AuthenticationRequired', message: token ? 'Token has been revoked' : 'Authentication Required' });
      return null;
    };
    switch (`${request.method} ${request.path}`) {
      case 'POST /xrpc/com.atproto.server.createSession': {
        const handle = this.#appPasswords.get(String(request.body.password));
        if (!handle || handle !== String(request.body.identifier)) return send(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' });
        return send(200, this.issue(this.account(handle), String(request.body.password)));
      }
      case 'POST /xrpc/com.atproto.server.refreshSession': {
        if (session?.kind !== 'refresh' || !account) return send(400, { error: 'ExpiredToken', message: 'Token has been revoked' });
        this.#sessions.delete(token!);
        return send(200, this.issue(account, session.password));
      }
      case 'POST /xrpc/com.atproto.repo.createRecord': {
        const me = authed();
        if (!me) return;
        const record = request.body.record as MockPost['record'];
        const parent = record.reply ? this.byUri(record.reply.parent.uri) : undefined;
        if (record.reply && (!parent || parent.cid !== record.reply.parent.cid)) return send(400, { error: 'InvalidRequest', message: 'reply parent not found' });
        if ([...new Intl.Segmenter().segment(record.text)].length > 300) return send(400, { error: 'InvalidRequest', message: 'Record/text must not be longer than 300 graphemes' });
        const post = this.post(me.handle, record.text, parent);
        if (record.facets) post.record.facets = record.facets;
        return send(200, { uri: post.uri, cid: post.cid, commit: { cid: cidOf(`commit:${post.uri}`), rev: tid(Date.now()) }, validationStatus: 'valid' });
      }
      case 'GET /xrpc/app.bsky.feed.searchPosts': {
        if (!authed()) return;
        return send(200, this.search(request.query));
      }
      case 'GET /xrpc/app.bsky.feed.getPostThread': {
        if (!authed()) return;
        const root = this.byUri(request.query.get('uri') ?? '');
        if (!root) return send(400, { error: 'NotFound', message: 'Post not found' });
        return send(200, { thread: this.thread(root) });
      }
      default:
        return send(501, { error: 'MethodNotImplemented', message: `mock Bluesky has no ${request.method} ${request.path}` });
    }
  }

  private issue(account: MockAccount, password: string) {
    const accessJwt = `acc-${randomBytes(12).toString('hex')}`;
    const refreshJwt = `ref-${randomBytes(12).toString('hex')}`;
    this.#sessions.set(accessJwt, { did: account.did, password, kind: 'access' });
    this.#sessions.set(refreshJwt, { did: account.did, password, kind: 'refresh' });
    return { accessJwt, refreshJwt, handle: account.handle, did: account.did, active: true };
  }

  /** Newest first, from `since` (inclusive), matching the tag (facet or text) and the query's hashtag. */
  private search(query: URLSearchParams) {
    const tags = query.getAll('tag').map((t) => t.toLowerCase());
    const q = (query.get('q') ?? '').toLowerCase();
    const since = query.get('since');
    const offset = Number(query.get('cursor') ?? 0);
    const limit = Math.min(Number(query.get('limit') ?? 25), this.searchPageSize);
    const hits = this.posts
      .filter((p) => {
        const text = p.record.text.toLowerCase();
        return (!q || text.includes(q)) && tags.every((tag) => new RegExp(`#${tag}(?![\\p{L}\\p{N}_])`, 'iu').test(text)) && (!since || p.indexedAt >= since);
      })
      .sort((a, b) => b.indexedAt.localeCompare(a.indexedAt));
    const page = hits.slice(offset, offset + limit);
    return { posts: page.map(view), ...(offset + limit < hits.length ? { cursor: String(offset + limit) } : {}) };
  }

  private thread(post: MockPost): unknown {
    const replies = this.posts.filter((p) => p.record.reply?.parent.uri === post.uri);
    return { $type: 'app.bsky.feed.defs#threadViewPost', post: view(post), replies: replies.map((reply) => this.thread(reply)) };
  }
}

function view(post: MockPost) {
  return { $type: 'app.bsky.feed.defs#postView', uri: post.uri, cid: post.cid, author: { did: post.author.did, handle: post.author.handle, displayName: post.author.displayName }, record: post.record, replyCount: 0, repostCount: 0, likeCount: 0, quoteCount: 0, indexedAt: post.indexedAt, labels: [] };
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, no padding (what CIDs and did:plc use). */
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

const S32 = '234567abcdefghijklmnopqrstuvwxyz';
let clockId = 0;

/** A record key / revision as the protocol makes them (TID: microseconds and a clock id, base32-sortable). */
function tid(ms: number): string {
  let value = (BigInt(ms) * 1000n) << 10n | BigInt(clockId++ % 1024);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

/** A real CIDv1 (dag-cbor, sha-256) string, as records have: the agent checks the format. */
function cidOf(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return `b${base32(Buffer.concat([Buffer.from([0x01, 0x71, 0x12, 0x20]), digest]))}`;
}

export async function startMockBluesky(): Promise<MockBluesky> {
  return new MockBluesky().start();
}
