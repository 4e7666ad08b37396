import type { TweetV2, TwitterApi, UserV2 } from 'twitter-api-v2';
import { MAX_POST_LENGTH, postLength } from '../../../shared/hashtag.ts';
import { newerId, questionTweet, tweetText } from '../compose.ts';
import type { InboundPost, NetworkAdapter } from '../shape/adapter.ts';
import { classify } from '../xClient.ts';

/** Tweet fields and expansions asked of search and stream alike. */
export const TWEET_QUERY = {
  expansions: ['author_id'],
  'tweet.fields': ['created_at', 'author_id', 'referenced_tweets', 'conversation_id'],
  'user.fields': ['username', 'name'],
} as const;

/** The search / stream rule for a series: its hashtag, no retweets (they would repeat what is already in the stream). */
export const hashtagQuery = (hashtag: string) => `${hashtag} -is:retweet`;

/** Pages of search results read per poll (100 tweets each); a busier jam catches up over the next polls. */
const MAX_PAGES = 5;

/**
 * What X's bridge says to X, in the same adapter terms as every network (shape/adapter.ts):
 * the question post, posting in a thread, reading the hashtag, classifying X's errors. What is
 * X's alone stays in the X bridge around it: OAuth 2.0 PKCE with rotating refresh tokens (the
 * client handed in here is already fresh), the app-wide filtered stream, the x_* tables. X has no
 * free way to read a thread's replies, so `replies` is not offered: replies come in by the hashtag.
 */
export const xAdapter: Pick<NetworkAdapter<TwitterApi>, 'label' | 'questionText' | 'fits' | 'post' | 'search' | 'classify'> = {
  label: 'X',
  questionText: (n, text, hashtag) => questionTweet(n, text, hashtag),
  // Native posts are counted as X counts them, so whatever was accepted here fits X.
  fits: (text) => postLength(text) <= MAX_POST_LENGTH,

  async post(client, text, { parent }) {
    const tweet = await client.v2.tweet(text, parent ? { reply: { in_reply_to_tweet_id: parent.id } } : {});
    return { id: tweet.data.id, key: tweet.data.id, url: `https://x.com/i/web/status/${tweet.data.id}` };
  },

  /** Recent search from the newest tweet seen (`cursor`: a since_id), or from `since` for a jam's first read, page by page. */
  async search(client, { hashtag, since, cursor }) {
    const from = cursor ? { since_id: cursor } : { start_time: since.toISOString() };
    const tweets: TweetV2[] = [];
    const users: UserV2[] = [];
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.v2.get<{ data?: TweetV2[]; includes?: { users?: UserV2[] }; meta?: { next_token?: string } }>('tweets/search/recent', {
        query: hashtagQuery(hashtag),
        max_results: 100,
        ...from,
        ...(next ? { next_token: next } : {}),
        expansions: TWEET_QUERY.expansions.join(','),
        'tweet.fields': TWEET_QUERY['tweet.fields'].join(','),
        'user.fields': TWEET_QUERY['user.fields'].join(','),
      });
      tweets.push(...(result.data ?? []));
      users.push(...(result.includes?.users ?? []));
      next = result.meta?.next_token;
      if (!next) break;
    }
    const posts = tweetPosts(tweets, users);
    return { posts, cursor: newestTweet(cursor, posts) };
  },

  classify,
};

/** Tweets (any order) as posts for the shared ingest, oldest first; text as people typed it. */
export function tweetPosts(tweets: TweetV2[], users: UserV2[]): InboundPost[] {
  const authors = new Map(users.map((u) => [u.id, u]));
  return [...tweets]
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .map((tweet) => {
      const author = authors.get(tweet.author_id ?? '');
      const username = author?.username ?? tweet.author_id ?? 'unknown';
      return {
        id: tweet.id,
        key: tweet.id,
        url: `https://x.com/${username}/status/${tweet.id}`,
        authorId: tweet.author_id ?? '',
        authorHandle: username,
        authorName: author?.name ?? username,
        text: tweetText(tweet.text),
        createdAt: tweet.created_at ?? '',
        parentId: tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null,
      };
    });
}

/** The newest tweet id among `since` and these posts: where the next recent search starts. */
export function newestTweet(since: string | null, posts: InboundPost[]): string | null {
  let newest = since;
  for (const post of posts) newest = newerId(newest, post.id);
  return newest;
}
