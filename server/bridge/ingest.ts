import { nanoid } from 'nanoid';
import type { TweetV2, UserV2 } from 'twitter-api-v2';
import { attachQuestion, parseAnswerNumber } from '../../shared/answers.ts';
import { loadJamContextFor, showOf, type JamContext } from '../jams/context.ts';
import type { Deps } from '../jams/deps.ts';
import type { Posting } from '../jams/posting.ts';
import type { NewMessage } from '../store/messages.ts';
import { newerId, tweetText, withoutLeadingMentions } from './compose.ts';
import type { BridgeRepo, LinkRow } from './repo.ts';

/** Tweet fields and expansions asked of search and stream alike. */
export const TWEET_QUERY = {
  expansions: ['author_id'],
  'tweet.fields': ['created_at', 'author_id', 'referenced_tweets', 'conversation_id'],
  'user.fields': ['username', 'name'],
} as const;

/** The search / stream rule for a series: its hashtag, no retweets (they would repeat what is already in the stream). */
export const hashtagQuery = (hashtag: string) => `${hashtag} -is:retweet`;

/**
 * Turns tweets carrying the hashtag into messages of the live jam, marked as from X: each once
 * (client id `x:<tweet id>`), never the bridge's own outbound posts, attached to questions by the
 * same "A3:" parsing as native posts, and fanned out exactly as native posts are.
 */
export class TweetIngest {
  constructor(
    private readonly deps: Deps,
    private readonly repo: BridgeRepo,
    private readonly posting: Posting,
  ) {}

  /**
   * Ingests tweets (any order) into one jam; returns how many were new, and records the sync.
   * `advanceSince` false: these tweets may have skipped a gap (a stream after a reconnect), so the
   * since_id the next search starts from stays where it was.
   */
  async ingest(jamId: string, link: LinkRow, tweets: TweetV2[], users: UserV2[], advanceSince = true): Promise<number> {
    const jam = await this.deps.store.jams.byId(jamId);
    if (!jam) return 0;
    const context = await loadJamContextFor(this.deps.store, jam);
    const ordered = [...tweets].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    const ours = await this.repo.outboundByTweetIds(jamId, ordered.map((t) => t.id));
    const pendingTexts = ordered.some((t) => t.author_id === link.x_user_id) ? await this.repo.unconfirmedTexts(jamId) : new Set<string>();
    const authors = new Map(users.map((u) => [u.id, u]));
    let newest: string | null = link.since_jam_id === jamId ? link.since_id : null;
    const rows = new Map<string, NewMessage>();
    for (const tweet of ordered) {
      newest = newerId(newest, tweet.id);
      // Our own question or mirrored post coming back (or racing the response that would have told us its id).
      if (ours.has(tweet.id) || (tweet.author_id === link.x_user_id && pendingTexts.has(tweetText(tweet.text)))) continue;
      rows.set(tweet.id, await this.toMessage(context, tweet, authors.get(tweet.author_id ?? ''), rows));
    }
    // Queued together, in order: the jam's queue writes them in one transaction.
    const results = await Promise.all([...rows.values()].map((row) => this.posting.ingest(row, jam.slug)));
    const added = results.filter((r) => !r.duplicate).length;
    const at = this.deps.clock.now().toISOString();
    await this.repo.updateLink(link.series_id, advanceSince ? { since_id: newest, since_jam_id: jamId, last_sync_at: at, updated_at: at } : { last_sync_at: at, updated_at: at });
    return added;
  }

  /** `batch`: rows composed earlier in this ingest, not yet stored, so a reply can point at them. */
  private async toMessage(context: JamContext, tweet: TweetV2, author: UserV2 | undefined, batch: Map<string, NewMessage>): Promise<NewMessage> {
    const now = this.deps.clock.now();
    const tweeted = tweet.created_at ? new Date(tweet.created_at) : now;
    const createdAt = Number.isNaN(tweeted.getTime()) || tweeted > now ? now : tweeted;
    const text = tweetText(tweet.text);
    const bare = withoutLeadingMentions(text);
    let question = attachQuestion({ text: bare, questionCount: context.questions.length, current: showOf(context, createdAt).currentQuestion, isHost: false });
    let replyTo: string | null = null;
    const parentId = tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
    if (parentId) {
      const parent = (await this.repo.outboundByTweetIds(context.jam.id, [parentId])).get(parentId);
      if (parent?.kind === 'question' && parseAnswerNumber(bare) === null) question = Number(parent.ref);
      else if (parent?.kind === 'message') replyTo = parent.ref;
      else if (!parent) {
        const stored = (await this.deps.store.messages.byClientId(context.jam.id, `x:${parentId}`)) ?? batch.get(parentId);
        replyTo = stored?.id ?? null;
        if (stored && parseAnswerNumber(bare) === null) question = stored.question ?? question;
      }
      if (parent?.kind === 'message' && parseAnswerNumber(bare) === null) question = (await this.deps.store.messages.byId(parent.ref))?.question ?? question;
    }
    const username = author?.username ?? tweet.author_id ?? 'unknown';
    return {
      id: nanoid(),
      jam_id: context.jam.id,
      client_id: `x:${tweet.id}`,
      author_id: null,
      author_handle: username,
      author_name: author?.name ?? username,
      author_role: 'participant',
      text,
      question,
      reply_to: replyTo,
      source: 'x',
      external_id: tweet.id,
      external_url: `https://x.com/${username}/status/${tweet.id}`,
      hidden: 0,
      hidden_reason: null,
      featured: 0,
      created_at: createdAt.toISOString(),
    };
  }
}
