import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTOMOD, type AutomodSettings } from '../../shared/interaction.ts';
import { blockedMatcher, judgePost, neededFacts, type PostFacts } from './automodRules.ts';

const on = (over: Partial<AutomodSettings>): AutomodSettings => ({ ...DEFAULT_AUTOMOD, enabled: true, ...over });
const post = (over: Partial<PostFacts> = {}): PostFacts => ({ text: 'A1: hello #chat', accountAgeDays: 30, priorPosts: 10, sameTextRecent: 0, postsLastMinute: 0, ...over });

describe('automatic moderation rules', () => {
  it('does nothing while switched off, whatever the rules say', () => {
    expect(judgePost({ ...on({ blocked: [{ pattern: 'hello', regex: false, action: 'hide' }] }), enabled: false }, post())).toBeNull();
  });

  it('matches blocked words as whole words in any case, and phrases across spaces', () => {
    const word = blockedMatcher('crypto', false);
    expect(word.test('Buy CRYPTO now')).toBe(true);
    expect(word.test('cryptography is fine')).toBe(false);
    expect(blockedMatcher('free  money', false).test('get free money')).toBe(true);
    expect(blockedMatcher('a.b', false).test('axb')).toBe(false);
    expect(blockedMatcher('wh?atsapp\\s*\\+?\\d', true).test('WatsApp +44')).toBe(true);
  });

  it('takes the first rule that fires, in order: blocked, repeated, rate, links, first post', () => {
    const all = on({
      blocked: [{ pattern: 'spam', regex: false, action: 'hide' }],
      repeated: { enabled: true, times: 2, minutes: 10, action: 'hold' },
      rate: { enabled: true, postsPerMinute: 1 },
      links: { enabled: true, minAccountDays: 7, minPriorPosts: 3 },
      firstPost: { enabled: true, accountDays: 7 },
    });
    expect(judgePost(all, post({ text: 'spam https://x.example', sameTextRecent: 5 }))).toMatchObject({ rule: 'blocked', action: 'hide' });
    expect(judgePost(all, post({ sameTextRecent: 1, postsLastMinute: 5 }))).toMatchObject({ rule: 'repeated', action: 'hold', detail: 'the same text 2 times within 10 min' });
    expect(judgePost(all, post({ postsLastMinute: 1 }))).toMatchObject({ rule: 'rate', action: 'hold' });
    expect(judgePost(all, post({ text: 'see example.com', accountAgeDays: 1 }))).toMatchObject({ rule: 'links' });
    expect(judgePost(all, post({ priorPosts: 0, accountAgeDays: 1 }))).toMatchObject({ rule: 'firstPost' });
    expect(judgePost(all, post())).toBeNull();
  });

  it('holds links from young or quiet accounts only; an account of unknown age (bridged) is judged by its posts', () => {
    const links = on({ links: { enabled: true, minAccountDays: 7, minPriorPosts: 3 } });
    expect(judgePost(links, post({ text: 'https://a.example', accountAgeDays: 3 }))?.detail).toBe('a link from an account younger than 7 days');
    expect(judgePost(links, post({ text: 'https://a.example', priorPosts: 2 }))?.detail).toBe('a link from an account with fewer than 3 earlier posts');
    expect(judgePost(links, post({ text: 'https://a.example', accountAgeDays: null, priorPosts: 5 }))).toBeNull();
    expect(judgePost(links, post({ text: 'no link here', accountAgeDays: 0, priorPosts: 0 }))).toBeNull();
  });

  it('asks only for the facts its enabled rules need', () => {
    expect(neededFacts(DEFAULT_AUTOMOD, 'x')).toEqual({ sameText: false, rate: false, priorPosts: false });
    expect(neededFacts(on({ links: { enabled: true, minAccountDays: 1, minPriorPosts: 1 } }), 'no link')).toEqual({ sameText: false, rate: false, priorPosts: false });
    expect(neededFacts(on({ links: { enabled: true, minAccountDays: 1, minPriorPosts: 1 } }), 'https://a.example').priorPosts).toBe(true);
  });
});
