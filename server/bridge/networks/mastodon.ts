import { isIP } from 'node:net';
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError, type mastodon } from 'masto';
import { mastodonLinkSchema, type MastodonLinkInput } from '../../../shared/bridges.ts';
import { invalidInput } from '../../errors.ts';
import { questionPost } from '../compose.ts';
import { resetInstant, type AppRegistry, type BridgeFailure, type InboundPost, type NetworkAdapter } from '../shape/adapter.ts';
import type { OpenBridgeConfig } from '../shape/config.ts';
import { readHashtagStream, type StreamedStatus } from './mastodonStream.ts';

/** Mastodon's default post length; instances may configure their own (read from /api/v2/instance). */
const DEFAULT_MAX_CHARS = 500;
/** Mastodon counts every link as 23 characters, whatever its length. */
const URL_WEIGHT = 23;
const SCOPES = 'read write';
/** Pages of the hashtag timeline read per poll (40 statuses each). */
const MAX_PAGES = 5;

/** Characters as Mastodon counts them: code points, with each URL as 23. */
export function mastodonLength(text: string): number {
  return [...text.replace(/https?:\/\/\S+/giu, 'x'.repeat(URL_WEIGHT))].length;
}

/**
 * Mastodon through masto: OAuth on the host's own instance (this server registers itself as an app
 * there on first use, POST /api/v1/apps, then the authorization code flow), questions are
 * statuses threaded by in_reply_to_id within the instance's configured length, inbound is the
 * hashtag timeline (/api/v1/timelines/tag/:hashtag, from the newest status id seen) plus each
 * question's context (/api/v1/statuses/:id/context) for replies without the hashtag, and the
 * hashtag's stream (server-sent events from the streaming server the instance names) so new
 * statuses arrive as they are posted while the polling keeps catching up whatever a gap missed.
 */
export function mastodonAdapter(config: OpenBridgeConfig): NetworkAdapter<mastodon.rest.Client> {
  const rest = (instance: string, accessToken?: string) => createRestAPIClient({ url: instance, ...(accessToken ? { accessToken } : {}), timeout: config.timeoutMs, log: 'error' });
  const oauth = (instance: string) => createOAuthAPIClient({ url: instance, timeout: config.timeoutMs, log: 'error' });
  /** The streaming reader is not masto's, so it needs the instance and token each opened client acts with. */
  const opened = new WeakMap<mastodon.rest.Client, { instance: string; accessToken: string }>();

  /** This server as an app on the instance: registered once per instance and callback, kept (sealed) for later links. */
  const appOn = async (instance: string, redirectUri: string, apps: AppRegistry) => {
    const known = await apps.get(instance, redirectUri);
    if (known) return known;
    const created = await rest(instance).v1.apps.create({ clientName: 'TweetJam', redirectUris: redirectUri, scopes: SCOPES, website: new URL(redirectUri).origin });
    if (!created.clientId || !created.clientSecret) throw new Error('the instance registered the app without client credentials');
    const app = { clientId: created.clientId, clientSecret: created.clientSecret };
    await apps.save(instance, redirectUri, app);
    return app;
  };

  return {
    network: 'mastodon',
    label: 'Mastodon',
    linkKind: 'oauth',
    linkSchema: mastodonLinkSchema,

    async authorize(input, redirectUri, state, apps) {
      const instance = instanceOrigin((input as MastodonLinkInput).instance, config.allowInsecureInstances);
      const app = await appOn(instance, redirectUri, apps);
      const query = new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, response_type: 'code', scope: SCOPES, state });
      return { url: `${instance}/oauth/authorize?${query.toString()}`, instance };
    },

    async complete({ instance, redirectUri, code }, apps) {
      const app = await apps.get(instance, redirectUri);
      if (!app) throw invalidInput('this instance has no app registered for TweetJam any more; start linking again');
      const token = await oauth(instance).token.create({ grantType: 'authorization_code', clientId: app.clientId, clientSecret: app.clientSecret, redirectUri, code, scope: SCOPES });
      const client = rest(instance, token.accessToken);
      const me = await client.v1.accounts.verifyCredentials();
      // An instance that does not say its limit (older versions) gets Mastodon's default.
      const limit = await client.v2.instance.fetch().then(
        (about) => about.configuration?.statuses?.maxCharacters ?? DEFAULT_MAX_CHARS,
        () => DEFAULT_MAX_CHARS,
      );
      return { accountId: authorIdOf(me), username: `${me.username}@${new URL(instance).host}`, instance, credentials: { accessToken: token.accessToken }, maxChars: limit };
    },

    async revoke(link, apps) {
      const redirectUri = config.mastodonCallbackUrl;
      const app = redirectUri ? await apps.get(link.instance, redirectUri) : null;
      if (app) await oauth(link.instance).revoke({ clientId: app.clientId, clientSecret: app.clientSecret, token: link.credentials.accessToken! });
    },

    async open(link) {
      const client = rest(link.instance, link.credentials.accessToken);
      opened.set(client, { instance: link.instance, accessToken: link.credentials.accessToken! });
      return client;
    },

    questionText: (n, text, hashtag, maxChars) => questionPost(n, text, hashtag, mastodonLength, maxChars),
    fits: (text, maxChars) => mastodonLength(text) <= maxChars,

    async post(client, text, thread) {
      const status = await client.v1.statuses.create({ status: text, visibility: 'public', ...(thread.parent ? { inReplyToId: thread.parent.id } : {}) });
      return { id: status.id, key: status.url ?? status.uri, url: status.url ?? status.uri };
    },

    async search(client, { hashtag, since, cursor }) {
      const timeline = client.v1.timelines.tag.$select(hashtag.replace(/^#/, ''));
      const posts: InboundPost[] = [];
      let newest = cursor;
      if (cursor) {
        // min_id: the statuses right after the cursor, a page at a time, oldest page first.
        for (let page = 0; page < MAX_PAGES; page++) {
          const statuses = await timeline.list({ minId: newest!, limit: 40 });
          for (const status of statuses) {
            if (!status.reblog) posts.push(inbound(status));
            newest = newerStatusId(newest, status.id);
          }
          if (statuses.length < 40) break;
        }
      } else {
        // First read of this jam: the newest page, from the jam's start.
        for (const status of await timeline.list({ limit: 40 })) {
          newest = newerStatusId(newest, status.id);
          if (!status.reblog && Date.parse(status.createdAt) >= since.getTime()) posts.push(inbound(status));
        }
      }
      return { posts, cursor: newest };
    },

    async replies(client, question) {
      const context = await client.v1.statuses.$select(question.id).context.fetch();
      return context.descendants.filter((status) => !status.reblog).map(inbound);
    },

    async stream(client, { hashtag }, on, signal) {
      const { instance, accessToken } = opened.get(client)!;
      // Large instances stream from another host (wss://streaming.…); it gets the same checks as the instance itself.
      const reported = (await client.v2.instance.fetch()).configuration?.urls?.streaming;
      const base = reported ? instanceOrigin(reported.replace(/^ws/i, 'http'), config.allowInsecureInstances) : instance;
      await readHashtagStream({
        base,
        accessToken,
        tag: hashtag.replace(/^#/, ''),
        timeoutMs: config.timeoutMs,
        signal,
        opened: on.opened,
        update: (status) => {
          if (!status.reblog) on.post(inbound(status));
        },
      });
    },

    classify: classifyMastodon,
  };
}

/**
 * The instance's origin from what a host typed ("mastodon.social", "https://fosstodon.org/",
 * "@me@hachyderm.io"). Only https and a domain name, so a host cannot point the server at an
 * address inside its own network (tests allow http and 127.0.0.1 for the local mock).
 */
export function instanceOrigin(typed: string, allowInsecure = false): string {
  const bare = typed.trim().replace(/^@?[^@\s/]+@(?=[^@\s/]+$)/, '');
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(bare) ? bare : `https://${bare}`);
  } catch {
    throw invalidInput(`"${typed}" is not an instance address (like mastodon.social)`, 'instance');
  }
  if (!allowInsecure) {
    if (url.protocol !== 'https:') throw invalidInput('the instance must be reached over https', 'instance');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) || !host.includes('.') || /\.(local|internal|localhost)$/i.test(host) || host === 'localhost') throw invalidInput(`"${typed}" is not a public instance's domain name`, 'instance');
  }
  return url.origin;
}

/** Classifies an error thrown by masto (MastoHttpError keeps the Response as its cause: the rate-limit headers are there). */
export function classifyMastodon(error: unknown, now: Date): BridgeFailure {
  if (error instanceof MastoHttpError) {
    const detail = `${error.statusCode}${error.message ? `: ${error.message}` : ''}`.slice(0, 200);
    if (error.statusCode === 429) {
      const headers = error.cause instanceof Response ? error.cause.headers : null;
      const reset = headers?.get('x-ratelimit-reset');
      const resetAt = resetInstant(reset ? new Date(reset) : null, now);
      return { kind: 'rate_limited', resetAt, message: `Mastodon rate limit reached (429); resuming at ${resetAt.toISOString()}` };
    }
    if (error.statusCode === 401) return { kind: 'auth', status: 401, message: `the instance refused the account's token (${detail})` };
    if (error.statusCode === 403) return { kind: 'access', status: 403, message: `the instance refused (${detail})` };
    if (error.statusCode >= 500) return { kind: 'transient', message: `the instance is failing (${detail})` };
    return { kind: 'rejected', status: error.statusCode, message: `the instance rejected the request (${detail})` };
  }
  return { kind: 'transient', message: `could not reach the instance: ${error instanceof Error ? error.message : String(error)}` };
}

/** A status as read from the REST API (masto's entity) or the stream. */
type StatusLike = Pick<StreamedStatus, 'id' | 'uri' | 'createdAt' | 'content' | 'spoilerText'> & {
  url?: string | null;
  inReplyToId?: string | null;
  account: Pick<StreamedStatus['account'], 'id' | 'acct' | 'username' | 'displayName'> & { url?: string | null };
};

function inbound(status: StatusLike): InboundPost {
  const url = status.url ?? status.uri;
  return {
    id: status.id,
    key: url,
    url,
    authorId: authorIdOf(status.account),
    authorHandle: status.account.acct,
    authorName: status.account.displayName || status.account.username,
    text: htmlToText(status.spoilerText ? `${status.spoilerText}\n\n${status.content}` : status.content),
    createdAt: status.createdAt,
    parentId: status.inReplyToId ?? null,
  };
}

/**
 * An account's id across instances: its profile URL. The numeric id is only the reading instance's
 * row number (a relink elsewhere would change it), and bans and own-post checks need a stable one.
 */
function authorIdOf(account: { id: string; url?: string | null }): string {
  return account.url || account.id;
}

/** Status ids are numeric strings per instance: compare by length, then lexically (no precision loss). */
function newerStatusId(a: string | null, b: string): string {
  if (a === null) return b;
  return b.length > a.length || (b.length === a.length && b > a) ? b : a;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Mastodon delivers statuses as HTML; the stream stores what people typed. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
      if (entity[0] === '#') {
        const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
      }
      return ENTITIES[entity.toLowerCase()] ?? match;
    })
    .trim();
}
