import { find } from 'linkifyjs';
import type { ReactNode } from 'react';

/** Text with its URLs as links, built as React nodes: user text never becomes HTML. */
export function Linkified({ text }: { text: string }) {
  // Only web links become anchors: whatever linkify recognises, no other scheme gets an href.
  const links = find(text, 'url').filter((link) => /^https?:\/\//i.test(link.href));
  if (links.length === 0) return <>{text}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const link of links) {
    if (link.start > at) parts.push(text.slice(at, link.start));
    parts.push(
      <a key={link.start} href={link.href} target="_blank" rel="noopener noreferrer nofollow ugc">
        {link.value}
      </a>,
    );
    at = link.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
