import { describe, expect, it } from 'vitest';
import { array, assert, constantFrom, property } from 'fast-check';
import twitterText from 'twitter-text';
import { hasHashtag, hashtagKey, normalizeHashtag, postLength, previewPost, withHashtag } from './hashtag.ts';

describe('hashtags', () => {
  it('normalises with or without the # and refuses what X would not tag', () => {
    expect(normalizeHashtag('cxmchat')).toBe('#cxmchat');
    expect(normalizeHashtag(' #CXMChat ')).toBe('#CXMChat');
    expect(normalizeHashtag('#1234')).toBeNull();
    expect(normalizeHashtag('two words')).toBeNull();
    expect(normalizeHashtag('#')).toBeNull();
    expect(hashtagKey('#CXMChat')).toBe('cxmchat');
  });

  it('appends the series hashtag when missing', () => {
    expect(withHashtag('A1: customers first', '#cxmchat')).toBe('A1: customers first #cxmchat');
  });

  it('never doubles it, whatever its letter case or position', () => {
    expect(withHashtag('A1: yes #CXMchat', '#cxmchat')).toBe('A1: yes #CXMchat');
    expect(withHashtag('#cxmchat A1: yes', '#cxmchat')).toBe('#cxmchat A1: yes');
  });

  it('does not take a longer tag for the series tag', () => {
    expect(hasHashtag('loving #cxmchatter', '#cxmchat')).toBe(false);
    expect(withHashtag('loving #cxmchatter', '#cxmchat')).toBe('loving #cxmchatter #cxmchat');
  });
});

describe('length as X counts it', () => {
  it('counts plain text by characters', () => {
    expect(postLength('hello')).toBe(5);
  });

  it('weighs emoji and CJK as two', () => {
    expect(postLength('👍')).toBe(2);
    expect(postLength('👩‍👩‍👧‍👦')).toBe(2);
    expect(postLength('日本')).toBe(4);
  });

  it('counts text without a dot as twitter-text does, URL-like or not', () => {
    const pieces = constantFrom('a', 'Z', '1', ' ', '\n', '#', '@', ':', '/', '-', '_', '?', '=', 'http', 'https://', 'www', 'co', 'com', 'xn--', 'localhost', '.', '😀', 'é');
    assert(
      property(array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(postLength(text)).toBe(twitterText.parseTweet(text).weightedLength);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts every URL as 23, however long', () => {
    expect(postLength(`see https://example.com/${'a'.repeat(200)}`)).toBe(4 + 23);
  });

  it('includes the appended hashtag in the preview', () => {
    const preview = previewPost('x'.repeat(272), '#cxmchat');
    expect(preview.text.endsWith(' #cxmchat')).toBe(true);
    expect(preview.length).toBe(281);
    expect(preview.remaining).toBe(-1);
    expect(preview.valid).toBe(false);
    expect(previewPost('x'.repeat(271), '#cxmchat').valid).toBe(true);
  });
});
