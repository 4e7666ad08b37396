import { MAX_POST_LENGTH, postLength, withHashtag } from '../../shared/hashtag.ts';

/** The tweet for a released question: "Q3: text #tag", trimmed with an ellipsis to X's 280 (counted as natively). */
export function questionTweet(n: number, text: string, hashtag: string): string {
  const full = withHashtag(`Q${n}: ${text}`, hashtag);
  if (postLength(full) <= MAX_POST_LENGTH) return full;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (postLength(withHashtag(`Q${n}: ${chars.slice(0, mid).join('').trimEnd()}…`, hashtag)) <= MAX_POST_LENGTH) low = mid;
    else high = mid - 1;
  }
  return withHashtag(`Q${n}: ${chars.slice(0, low).join('').trimEnd()}…`, hashtag);
}

/** Tweet text as X v2 delivers it has &amp; &lt; &gt; escaped; the stream stores what people typed. */
export function tweetText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Leading @mentions of a reply ("@ann @bob A3: …") are not part of the answer prefix. */
export function withoutLeadingMentions(text: string): string {
  return text.replace(/^(\s*@\w{1,15})+\s*/u, '');
}

/** Tweet ids are 64-bit snowflakes: compare them as BigInt, never as numbers. */
export function newerId(a: string | null, b: string): string {
  return a === null || BigInt(b) > BigInt(a) ? b : a;
}
