import { find } from 'linkifyjs';
import type { ReactNode } from 'react';

/** Text with its URLs as links, built as React nodes: user text never becomes HTML. `words` are marked. */
export function Linkified({ text, words = [] }: { text: string; words?: string[] }) {
  // Only web links become anchors: whatever linkify recognises, no other scheme gets an href.
  const links = find(text, 'url').filter((link) => /^https?:\/\//i.test(link.href));
  const parts: ReactNode[] = [];
  let at = 0;
  for (const link of links) {
    if (link.start > at) parts.push(...marked(text.slice(at, link.start), words, at));
    parts.push(
      <a key={link.start} href={link.href} target="_blank" rel="noopener noreferrer nofollow ugc">
        {link.value}
      </a>,
    );
    at = link.end;
  }
  if (at < text.length) parts.push(...marked(text.slice(at), words, at));
  return <>{parts}</>;
}

/** The text with every case-insensitive occurrence of the words in <mark>. */
function marked(text: string, words: string[], offset: number): ReactNode[] {
  const wanted = words.map((w) => w.trim()).filter(Boolean);
  if (wanted.length === 0) return [text];
  const pattern = new RegExp(`(${wanted.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return text.split(pattern).map((piece, i) => (i % 2 === 1 ? <mark key={`${offset}-${i}`}>{piece}</mark> : piece));
}
