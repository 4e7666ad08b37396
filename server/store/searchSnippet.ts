/** Words as search reads them: runs of letters, digits and underscores (what toTerms splits on). */
const WORD = /[\p{L}\p{N}_]+/gu;

/** Words shown around the matches at most (what FTS5's snippet() was asked for). */
const SNIPPET_WORDS = 16;

/** ASCII letters, digits and underscores: nothing to decompose. */
const ASCII_WORD = /^\w*$/;

/** Case, and on SQLite accents (its tokenizer's remove_diacritics), do not count. */
export function foldWord(word: string, accents: boolean): string {
  const lower = word.toLowerCase();
  // ASCII has no accents to strip: most words, and the decomposition was most of a snippet's cost.
  return accents && !ASCII_WORD.test(lower) ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}

/**
 * A hit's snippet: the window of up to 16 words holding the most query words, each marked [like
 * this], with … where the text goes on. Every earlier term matches a whole word, the last one a
 * word's beginning, as the search itself does. Computed here for the page's rows rather than by
 * the engines (snippet(), ts_headline), which re-read and re-parse each row inside the query: on
 * PostgreSQL that was over a millisecond of a first page.
 */
export function searchSnippet(text: string, terms: string[], foldAccents: boolean): string {
  const folded = terms.map((t) => foldWord(t, foldAccents));
  const whole = new Set(folded.slice(0, -1));
  const prefix = folded.at(-1) ?? '';
  const words = [...text.matchAll(WORD)].map((m) => {
    const word = foldWord(m[0], foldAccents);
    return { start: m.index, end: m.index + m[0].length, hit: whole.has(word) || (prefix !== '' && word.startsWith(prefix)) };
  });
  if (words.length === 0) return text;
  // The first window with the most matching words.
  let best = 0;
  let bestHits = -1;
  let hits = 0;
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.hit) hits++;
    if (i >= SNIPPET_WORDS && words[i - SNIPPET_WORDS]!.hit) hits--;
    const first = Math.max(0, i - SNIPPET_WORDS + 1);
    if (hits > bestHits && (i >= SNIPPET_WORDS - 1 || i === words.length - 1)) {
      bestHits = hits;
      best = first;
    }
  }
  const shown = words.slice(best, best + SNIPPET_WORDS);
  const from = best === 0 ? 0 : shown[0]!.start;
  const to = best + shown.length === words.length ? text.length : shown.at(-1)!.end;
  let out = from > 0 ? '…' : '';
  let at = from;
  for (const word of shown) {
    out += text.slice(at, word.start);
    out += word.hit ? `[${text.slice(word.start, word.end)}]` : text.slice(word.start, word.end);
    at = word.end;
  }
  return out + text.slice(at, to) + (to < text.length ? '…' : '');
}
