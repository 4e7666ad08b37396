import { describe, expect, it } from 'vitest';
import { questionPost } from '../compose.ts';
import { blueskyLength } from './bluesky.ts';
import { htmlToText, instanceOrigin, mastodonLength } from './mastodon.ts';
import { newestTweet, tweetPosts } from './x.ts';

describe('posts the open networks receive', () => {
  it('cuts a question to the network length as that network counts it, keeping the hashtag', () => {
    const family = '👨‍👩‍👧'; // one grapheme, eight UTF-16 units
    const post = questionPost(1, family.repeat(400), '#cxmchat', blueskyLength, 300);
    expect(blueskyLength(post)).toBe(300);
    expect(post).toMatch(/^Q1: (👨‍👩‍👧)+… #cxmchat$/u);
    const link = `https://example.org/${'a'.repeat(200)}`;
    expect(mastodonLength(`see ${link}`)).toBe(4 + 23);
    expect(questionPost(2, `see ${link}`, '#cxmchat', mastodonLength, 100)).toBe(`Q2: see ${link} #cxmchat`);
    expect(mastodonLength(questionPost(3, 'x'.repeat(200), '#cxmchat', mastodonLength, 100))).toBe(100);
  });

  it('reads Mastodon HTML as the text people typed', () => {
    expect(htmlToText('<p><span class="h-card"><a href="https://m.s/@ann">@<span>ann</span></a></span> A1: cats &amp; dogs &lt;3</p><p>second&#39;s<br />line</p>')).toBe("@ann A1: cats & dogs <3\n\nsecond's\nline");
  });

  it('accepts a public instance by domain, URL or handle, and refuses addresses inside the network', () => {
    expect(instanceOrigin('mastodon.social')).toBe('https://mastodon.social');
    expect(instanceOrigin('https://fosstodon.org/about')).toBe('https://fosstodon.org');
    expect(instanceOrigin('@ann@hachyderm.io')).toBe('https://hachyderm.io');
    for (const refused of ['http://mastodon.social', '127.0.0.1', 'localhost', 'printer.local', 'intranet', '[::1]', '10.0.0.8:3000']) expect(() => instanceOrigin(refused), refused).toThrow();
    expect(instanceOrigin('http://127.0.0.1:4000', true)).toBe('http://127.0.0.1:4000');
  });
});

describe('tweets as posts of the one shape', () => {
  it('turns tweets (any order) into posts oldest first, by snowflake, with the author, the reply and the text as typed', () => {
    const users = [{ id: '7', username: 'ann', name: 'Ann' }];
    const posts = tweetPosts(
      [
        { id: '1900000000000000010', text: 'A1: cats &amp; dogs', author_id: '7', edit_history_tweet_ids: [], referenced_tweets: [{ type: 'replied_to', id: '1900000000000000001' }] },
        { id: '1900000000000000002', text: 'A1: first', author_id: '8', edit_history_tweet_ids: [] },
      ],
      users,
    );
    expect(posts.map((p) => [p.id, p.authorId, p.authorHandle, p.text, p.parentId])).toEqual([
      ['1900000000000000002', '8', '8', 'A1: first', null],
      ['1900000000000000010', '7', 'ann', 'A1: cats & dogs', '1900000000000000001'],
    ]);
    expect(posts[1]!.url).toBe('https://x.com/ann/status/1900000000000000010');
    expect(newestTweet('1900000000000000005', posts)).toBe('1900000000000000010');
    expect(newestTweet(null, [])).toBeNull();
  });
});
