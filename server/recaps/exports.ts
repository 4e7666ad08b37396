import type { RecapView } from '../../shared/recaps.ts';
import { formatInZone } from '../../shared/time.ts';
import { escapeHtml, messageHtml, standalonePage } from '../archive/html.ts';
import { escapeMarkdown, messageMarkdown } from '../archive/markdown.ts';

/** Markdown ready to paste into a blog: headings, notes, and each quote with author, time and link back. */
export function recapMarkdown(recap: RecapView, origin: string): string {
  const { jam } = recap;
  const out = [`# ${escapeMarkdown(jam.title)}`, ''];
  if (recap.cover) out.push(`*${escapeMarkdown(recap.cover)}*`, '');
  out.push(`${escapeMarkdown(jam.series.hashtag)} · ${escapeMarkdown(jam.series.name)} · ${formatInZone(jam.startsAt, jam.timeZone)} · [full transcript](${origin}${jam.permalink})`);
  for (const block of recap.blocks) {
    if (block.kind === 'heading') out.push('', `## ${escapeMarkdown(block.text)}`);
    else if (block.kind === 'note') out.push('', escapeMarkdown(block.text));
    else out.push('', `> ${messageMarkdown(block.message, jam.timeZone, origin)}`);
  }
  out.push('', `Recap: ${origin}${recap.permalink} (version ${recap.version})`);
  return out.join('\n') + '\n';
}

const RECAP_STYLE = `blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #0b57d0;background:#f5f8ff}.cover{font-size:1.15rem;color:#333}`;

/** A self-contained recap page (no scripts, inline style, every user string escaped). */
export function recapHtml(recap: RecapView, origin: string): string {
  const { jam } = recap;
  const body = recap.blocks.map((block) => {
    if (block.kind === 'heading') return `<h2>${escapeHtml(block.text)}</h2>`;
    if (block.kind === 'note') return `<p>${escapeHtml(block.text)}</p>`;
    return `<blockquote id="m-${escapeHtml(block.message.id)}">${messageHtml(block.message, jam.timeZone, origin + block.message.permalink)}</blockquote>`;
  });
  return standalonePage(
    `${jam.title} · recap`,
    `<header><h1>${escapeHtml(jam.title)}</h1>${recap.cover ? `<p class="cover">${escapeHtml(recap.cover)}</p>` : ''}
<p class="meta">${escapeHtml(jam.series.hashtag)} · ${escapeHtml(jam.series.name)} · ${escapeHtml(formatInZone(jam.startsAt, jam.timeZone))} · <a href="${escapeHtml(origin + jam.permalink)}">full transcript</a></p></header>
<main>${body.join('\n')}</main>
<footer class="meta"><p><a href="${escapeHtml(origin + recap.permalink)}">${escapeHtml(origin + recap.permalink)}</a> · version ${recap.version}, published ${escapeHtml(recap.publishedAt)}</p></footer>`,
    RECAP_STYLE,
  );
}
