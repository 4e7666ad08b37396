import * as linkify from 'linkifyjs';
import type { Transcript } from '../../shared/model.ts';
import { clockTime, formatInZone } from '../../shared/time.ts';
import { walkTranscript } from './transcript.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** User text as inert HTML: everything escaped, http(s) links made clickable and nothing else. */
export function linkifiedHtml(text: string): string {
  let html = '';
  let last = 0;
  for (const link of linkify.find(text, 'url')) {
    if (!/^https?:\/\//i.test(link.href)) continue;
    html += escapeHtml(text.slice(last, link.start));
    html += `<a href="${escapeHtml(link.href)}" rel="nofollow noopener noreferrer ugc">${escapeHtml(link.value)}</a>`;
    last = link.end;
  }
  return html + escapeHtml(text.slice(last));
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc;padding-bottom:.3rem}
.meta{color:#555}ol{list-style:none;padding-left:0}ol ol{padding-left:1.25rem;border-left:2px solid #ddd}
li{margin:.5rem 0}.who{font-weight:600}.role{font-size:.8rem;background:#e8eefc;color:#1f3b8a;border-radius:4px;padding:0 .3rem;margin-left:.3rem}
.featured{background:#fff8db}time,.perma{color:#555;font-size:.85rem}a{color:#0b57d0}nav a{margin-right:.6rem}`;

/** A self-contained page: no scripts (the CSP forbids them), inline style, every user string escaped. */
export function transcriptHtml(transcript: Transcript, origin: string): string {
  const { jam } = transcript;
  const parts: string[] = [];
  const nav = transcript.sections
    .filter((s) => s.question)
    .map((s) => `<a href="#q${s.question!.n}">Q${s.question!.n}</a>`)
    .join('');
  let open: unknown = undefined;
  let depth = -1;
  const closeTo = (target: number) => {
    for (; depth > target; depth--) parts.push('</li></ol>');
  };
  for (const { message: m, depth: d, section } of walkTranscript(transcript)) {
    if (section !== open) {
      closeTo(-1);
      open = section;
      const q = section.question;
      parts.push(q ? `<h2 id="q${q.n}">Q${q.n}: ${escapeHtml(q.text)}</h2>` : '<h2 id="q0">Before the first question</h2>');
    }
    if (d > depth) {
      parts.push('<ol>');
      depth = d;
    } else {
      closeTo(d);
      parts.push('</li>');
    }
    const role = m.author.role === 'participant' ? '' : `<span class="role">${m.author.role}</span>`;
    const via = m.source === 'x' && m.externalUrl ? ` · <a href="${escapeHtml(m.externalUrl)}" rel="nofollow noopener noreferrer">on X</a>` : '';
    parts.push(
      `<li id="m-${escapeHtml(m.id)}"${m.featured ? ' class="featured"' : ''}><span class="who">${escapeHtml(m.author.displayName)}</span> <span class="perma">@${escapeHtml(m.author.handle)}</span>${role} ` +
        `<time datetime="${m.createdAt}">${clockTime(m.createdAt, jam.timeZone)}</time>${via}<div>${linkifiedHtml(m.text)}</div>`,
    );
  }
  closeTo(-1);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(jam.title)} · ${escapeHtml(jam.series.hashtag)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(jam.title)}</h1>
<p class="meta">${escapeHtml(jam.series.hashtag)} · ${escapeHtml(jam.series.name)} · ${escapeHtml(formatInZone(jam.show.startsAt, jam.timeZone))} · ${transcript.messageCount} messages</p>
${jam.panelists.length ? `<p class="meta">Panelists: ${jam.panelists.map((p) => `${escapeHtml(p.displayName)} (@${escapeHtml(p.handle)})`).join(', ')}</p>` : ''}
<p class="meta">Original: <a href="${escapeHtml(origin + jam.permalink)}">${escapeHtml(origin + jam.permalink)}</a></p>
<nav aria-label="Questions">${nav}</nav></header>
<main>${parts.join('\n')}</main>
<footer class="meta"><p>Exported ${escapeHtml(transcript.exportedAt)} from TweetJam.</p></footer></body></html>
`;
}
