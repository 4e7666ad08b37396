import { describe, expect, it } from 'vitest';
import { postLength } from '../../shared/hashtag.ts';
import { newerId, questionTweet, tweetText, withoutLeadingMentions } from './compose.ts';

describe('tweets the bridge composes', () => {
  it('numbers a question and appends the hashtag once', () => {
    expect(questionTweet(2, 'What would you change?', '#cxmchat')).toBe('Q2: What would you change? #cxmchat');
    expect(questionTweet(1, 'Why #CXMChat today?', '#cxmchat')).toBe('Q1: Why #CXMChat today?');
  });

  it('trims a long question with an ellipsis to fit 280 as X counts', () => {
    const tweet = questionTweet(3, '日本語'.repeat(80), '#cxmchat');
    expect(postLength(tweet)).toBeLessThanOrEqual(280);
    expect(tweet).toMatch(/^Q3: 日本語.*… #cxmchat$/u);
  });

  it('reads tweets as people typed them', () => {
    expect(tweetText('A1: cats &amp; dogs &lt;3')).toBe('A1: cats & dogs <3');
    expect(withoutLeadingMentions('@ann @bob A3: yes')).toBe('A3: yes');
  });

  it('compares snowflake ids beyond 2^53', () => {
    expect(newerId('1900000000000000001', '1900000000000000010')).toBe('1900000000000000010');
    expect(newerId('1900000000000000010', '1900000000000000001')).toBe('1900000000000000010');
    expect(newerId(null, '5')).toBe('5');
  });
});
