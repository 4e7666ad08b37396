import { AtpAgent, RichText, XRPCError, type AppBskyFeedDefs, type AppBskyFeedPost } from '@atproto/api';
import { blueskyLinkSchema, type BlueskyLinkInput } from '../../../shared/bridges.ts';
import { questionPost } from '../compose.ts';
import { resetInstant, type BridgeFailure, type InboundPost, type NetworkAdapter, type OpenLink, type PostRef } from '../shape/adapter.ts';
import type { OpenBridgeConfig } from '../shape/config.ts';

/** Bluesky counts a post's length in graphemes (what a reader sees as one character). */
const MAX_GRAPHEMES = 300;
/** Pages of hashtag search read per poll (100 posts each); a busier jam catches up on the next read. */
const MAX_PAGES = 5;

/** Graphemes, as Bluesky counts them. */
export const blueskyLength = (text: string) => new RichText({ text }).graphemeLength;

/**
 * Bluesky through @atproto/api: an app password logs in (createSession; the agent refreshes its
 * session itself), questions are posts with facets for the hashtag and links threaded with
 * reply refs (root + parent), inbound is app.bsky.feed.searchPosts for the hashtag (sorted by
 * latest, from the newest post seen) plus app.bsky.feed.getPostThread under each question.
 */
export function blueskyAdapter(config: OpenBridgeConfig): NetworkAdapter<AtpAgent> {
  const agentFor = () => new AtpAgent({ service: config.blueskyService, fetch: timedFetch(config.timeoutMs) });
  const login = async (input: BlueskyLinkInput) => {
    const agent = agentFor();
    await agent.login({ identifier: input.identifier, password: input.appPassword });
    return agent;
  };
  return {
    network: 'bluesky',
    label: 'Bluesky',
    linkKind: 'app_password',
    linkSchema: blueskyLinkSchema,

    async link(input) {
      const credentials = input as BlueskyLinkInput;
      const agent = await login(credentials);
      const session = agent.session!;
      return { accountId: session.did, username: session.handle, instance: config.blueskyService, credentials: { identifier: credentials.identifier, appPassword: credentials.appPassword }, maxChars: MAX_GRAPHEMES };
    },

    async open(link: OpenLink) {
      return login({ identifier: link.credentials.identifier!, appPassword: link.credentials.appPassword! });
    },

    questionText: (n, text, hashtag, maxChars) => questionPost(n, text, hashtag, blueskyLength, maxChars),
    fits: (text, maxChars) => blueskyLength(text) <= maxChars,

    async post(agent, text, thread) {
      const rich = new RichText({ text });
      rich.detectFacetsWithoutResolution();
      // Hashtags and links only: an @name in a TweetJam post names a TweetJam person, not a Bluesky account.
      const facets = rich.facets?.filter((facet) => facet.features.every((feature) => feature.$type !== 'app.bsky.richtext.facet#mention'));
      const record: Partial<AppBskyFeedPost.Record> & Omit<AppBskyFeedPost.Record, 'createdAt'> = {
        $type: 'app.bsky.feed.post',
        text: rich.text,
        ...(facets && facets.length > 0 ? { facets } : {}),
        ...(thread.parent && thread.root ? { reply: { root: strongRef(thread.root), parent: strongRef(thread.parent) } } : {}),
      };
      const created = await agent.post(record);
      return { id: created.uri, key: created.uri, url: webUrl(agent.session?.handle ?? agent.session?.did ?? '', created.uri), meta: { cid: created.cid } };
    },

    async search(agent, { hashtag, since, cursor }) {
      // The cursor is the newest sortAt seen: the next read starts there (inclusive; dedupe by URI drops the overlap).
      const from = cursor ?? since.toISOString();
      const posts: InboundPost[] = [];
      let newest = cursor;
      let page: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const { data } = await agent.app.bsky.feed.searchPosts({ q: hashtag, tag: [hashtag.replace(/^#/, '')], sort: 'latest', since: from, limit: 100, ...(page ? { cursor: page } : {}) });
        for (const view of data.posts) {
          posts.push(inbound(view));
          if (newest === null || view.indexedAt > newest) newest = view.indexedAt;
        }
        page = data.cursor;
        if (!page || data.posts.length === 0) break;
      }
      return { posts, cursor: newest };
    },

    async replies(agent, question) {
      const { data } = await agent.app.bsky.feed.getPostThread({ uri: question.id, depth: 20, parentHeight: 0 });
      const found: InboundPost[] = [];
      const walk = (node: unknown) => {
        if (!isThreadView(node)) return;
        for (const reply of node.replies ?? []) {
          if (!isThreadView(reply)) continue;
          found.push(inbound(reply.post));
          walk(reply);
        }
      };
      walk(data.thread);
      return found;
    },

    classify: classifyBluesky,
  };
}

/** Classifies an error thrown by @atproto/api (XRPCError), or by fetch before any answer. */
export function classifyBluesky(error: unknown, now: Date): BridgeFailure {
  if (error instanceof XRPCError) {
    const detail = `${error.status}${error.error ? ` ${error.error}` : ''}${error.message && error.message !== error.error ? `: ${error.message}` : ''}`.slice(0, 200);
    if (error.status === 429) {
      const reset = Number(error.headers?.['ratelimit-reset']);
      const resetAt = resetInstant(Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null, now);
      return { kind: 'rate_limited', resetAt, message: `Bluesky rate limit reached (429); resuming at ${resetAt.toISOString()}` };
    }
    // A revoked app password answers createSession with 401; an expired or revoked session with 400 ExpiredToken/InvalidToken.
    if (error.status === 401 || error.error === 'ExpiredToken' || error.error === 'InvalidToken' || error.error === 'AccountTakedown') return { kind: 'auth', status: error.status, message: `Bluesky refused the account's credentials (${detail})` };
    if (error.status === 403) return { kind: 'access', status: 403, message: `Bluesky refused (${detail})` };
    if (error.status >= 500 || error.status === 1) return { kind: 'transient', message: `Bluesky is failing (${detail})` };
    return { kind: 'rejected', status: error.status, message: `Bluesky rejected the request (${detail})` };
  }
  return { kind: 'transient', message: `could not reach Bluesky: ${error instanceof Error ? error.message : String(error)}` };
}

function inbound(view: AppBskyFeedDefs.PostView): InboundPost {
  const record = view.record as Partial<AppBskyFeedPost.Record>;
  return {
    id: view.uri,
    key: view.uri,
    url: webUrl(view.author.handle, view.uri),
    authorId: view.author.did,
    authorHandle: view.author.handle,
    authorName: view.author.displayName || view.author.handle,
    text: typeof record.text === 'string' ? record.text : '',
    createdAt: typeof record.createdAt === 'string' ? record.createdAt : view.indexedAt,
    parentId: record.reply?.parent.uri ?? null,
  };
}

const strongRef = (post: PostRef) => ({ uri: post.id, cid: post.meta?.cid ?? '' });

/** at://did/app.bsky.feed.post/rkey → the post's page on bsky.app. */
function webUrl(actor: string, uri: string): string {
  const rkey = uri.split('/').pop() ?? '';
  return `https://bsky.app/profile/${actor}/post/${rkey}`;
}

function isThreadView(node: unknown): node is AppBskyFeedDefs.ThreadViewPost {
  return typeof node === 'object' && node !== null && (node as { $type?: string }).$type !== 'app.bsky.feed.defs#notFoundPost' && 'post' in node;
}

/** The agent's fetch with a deadline: a hung network must not hold a queue (or shutdown) forever. */
function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
}
