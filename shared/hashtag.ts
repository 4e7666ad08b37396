import twitterText from 'twitter-text';

/** X's own limit, counted with its weighting (emoji, CJK, URLs as 23). */
export const MAX_POST_LENGTH = 280;

const HASHTAG_BODY = /^[\p{L}\p{M}\p{N}_]{1,49}$/u;

/** Normalises `cxmchat` / `#CXMChat` to `#CXMChat`; returns null if it is not a valid hashtag. */
export function normalizeHashtag(input: string): string | null {
  const body = input.trim().replace(/^[#＃]/, '');
  if (!HASHTAG_BODY.test(body) || /^\d+$/.test(body)) return null;
  return `#${body}`;
}

/** The case-insensitive key that makes a hashtag reserved once, whatever its letter case. */
export function hashtagKey(hashtag: string): string {
  return hashtag.replace(/^[#＃]/, '').normalize('NFC').toLowerCase();
}

/** True when the text already carries the hashtag as a whole tag (#cxmchatter is not #cxmchat). */
export function hasHashtag(text: string, hashtag: string): boolean {
  const key = hashtagKey(hashtag);
  return twitterText.extractHashtags(text).some((tag) => tag.toLowerCase() === key);
}

/** Appends the series hashtag when missing; never doubles it. */
export function withHashtag(text: string, hashtag: string): string {
  const trimmed = text.trim();
  if (hasHashtag(trimmed, hashtag)) return trimmed;
  return trimmed.length === 0 ? hashtag : `${trimmed} ${hashtag}`;
}

/**
 * Text twitter-text weighs one per character: printable ASCII and newlines without a '.', so no
 * emoji and no URL (every URL it finds has a dot in its domain).
 */
const PLAIN = /^[\x20-\x2d\x2f-\x7e\n]*$/;

/** Length as X counts it: emoji and CJK weigh 2, every URL 23. */
export function postLength(text: string): number {
  // Plain text skips twitter-text's URL and emoji extraction, most of what it costs on every post.
  if (PLAIN.test(text)) return text.length;
  return twitterText.parseTweet(text).weightedLength;
}

/** What the composer shows: the exact text that will be posted and how many characters remain. */
export function previewPost(text: string, hashtag: string): { text: string; length: number; remaining: number; valid: boolean } {
  const posted = withHashtag(text, hashtag);
  const length = postLength(posted);
  return { text: posted, length, remaining: MAX_POST_LENGTH - length, valid: text.trim().length > 0 && length <= MAX_POST_LENGTH };
}
