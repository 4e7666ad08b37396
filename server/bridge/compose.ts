import { MAX_POST_LENGTH, postLength, withHashtag } from '../../shared/hashtag.ts';

/** The tweet for a released question: "Q3: text #tag", trimmed with an ellipsis to X's 280 (counted as natively). */
export function questionTweet(n: number, text: string, hashtag: string): string {
  return questionPost(n, text, hashtag, postLength, MAX_POST_LENGTH);
}

/**
 * A released question for any network: "Q3: text #tag", the question's text cut with an ellipsis
 * until the whole fits `max` as the network counts (`length`); the hashtag is never cut.
 */
export function questionPost(n: number, text: string, hashtag: string, length: (post: string) => number, max: number): string {
  const full = withHashtag(`Q${n}: ${text}`, hashtag);
  if (length(full) <= max) return full;
  const chars = [...text];
  const cut = (count: number) => withHashtag(`Q${n}: ${chars.slice(0, count).join('').trimEnd()}…`, hashtag);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (length(cut(mid)) <= max) low = mid;
    else high = mid - 1;
  }
  return cut(low);
}

/** Tweet text as X v2 delivers it has &amp; &lt; &gt; escaped; the stream stores what people typed. */
export function tweetText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Leading @mentions of a reply ("@ann @bob A3: …", "@ann.bsky.social …", "@ann@mastodon.social …")
 * are not part of the answer prefix, on any network.
 */
export function withoutLeadingMentions(text: string): string {
  return text.replace(/^(\s*@[\w-]+(?:\.[\w-]+)*(?:@[\w-]+(?:\.[\w-]+)+)?)+\s*/u, '');
}

/** Tweet ids are 64-bit snowflakes: compare them as BigInt, never as numbers. */
export function newerId(a: string | null, b: string): string {
  return a === null || BigInt(b) > BigInt(a) ? b : a;
}
