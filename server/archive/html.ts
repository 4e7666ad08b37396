import * as linkify from 'linkifyjs';
import { SOURCE_LABEL, type MessageView, type Transcript } from '../../shared/model.ts';
import { clockTime, formatInZone } from '../../shared/time.ts';
import { NOT_ASKED, walkSection } from './transcript.ts';

import { escapeHtml } from '../../shared/html.ts';

export { escapeHtml };

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
.featured{background:#fff8db}.votes{font-weight:600;margin-right:.4rem}time,.perma{color:#555;font-size:.85rem}a{color:#0b57d0}nav a{margin-right:.6rem}`;

/** A self-contained page: no scripts (the CSP forbids them), inline style, every user string escaped. */
export function transcriptHtml(transcript: Transcript, origin: string): string {
  return [...transcriptHtmlChunks(transcript, origin)].join('');
}

/** The page in pieces (head, then a message at a time), for streaming. */
export function* transcriptHtmlChunks(transcript: Transcript, origin: string): Generator<string> {
  const { jam } = transcript;
  const nav = transcript.sections
    .filter((s) => s.question)
    .map((s) => `<a href="#q${s.question!.n}">Q${s.question!.n}${s.question!.asked ? '' : ' (not asked)'}</a>`)
    .join('');
  yield pageStart(`${jam.title} · ${jam.series.hashtag}`) +
    `<header><h1>${escapeHtml(jam.title)}</h1>
<p class="meta">${escapeHtml(jam.series.hashtag)} · ${escapeHtml(jam.series.name)} · ${escapeHtml(formatInZone(jam.show.startsAt, jam.timeZone))} · ${transcript.messageCount} messages</p>
${jam.panelists.length ? `<p class="meta">Panelists: ${jam.panelists.map((p) => `${escapeHtml(p.displayName)} (@${escapeHtml(p.handle)})`).join(', ')}</p>` : ''}
<p class="meta">Original: <a href="${escapeHtml(origin + jam.permalink)}">${escapeHtml(origin + jam.permalink)}</a></p>
<nav aria-label="Questions">${nav}</nav></header>
<main>`;
  let first = true;
  for (const part of transcriptParts(transcript, origin)) {
    yield first ? part : `\n${part}`;
    first = false;
  }
  yield `</main>
<footer class="meta"><p>Exported ${escapeHtml(transcript.exportedAt)} from TweetJam.</p></footer>${PAGE_END}`;
}

/** The sections' markup, one piece per heading, message or closing tag (joined by newlines). */
function* transcriptParts(transcript: Transcript, origin: string): Generator<string> {
  const { jam } = transcript;
  let depth = -1;
  function* closeTo(target: number) {
    for (; depth > target; depth--) yield '</li></ol>';
  }
  for (const section of transcript.sections) {
    yield* closeTo(-1);
    const q = section.question;
    yield q ? `<h2 id="q${q.n}">Q${q.n}: ${escapeHtml(q.text)}${q.asked ? '' : ' <small>(not asked)</small>'}</h2>` : '<h2 id="q0">Before the first question</h2>';
    if (q && !q.asked) yield `<p class="meta">${NOT_ASKED}</p>`;
    else if (section.threads.length === 0) yield '<p class="meta">No answers.</p>';
    for (const { message: m, depth: d } of walkSection(section)) {
      if (d > depth) {
        yield '<ol>';
        depth = d;
      } else {
        yield* closeTo(d);
        yield '</li>';
      }
      yield `<li id="m-${escapeHtml(m.id)}"${m.featured ? ' class="featured"' : ''}>${messageHtml(m, jam.timeZone)}`;
    }
  }
  yield* closeTo(-1);
  yield audienceHtml(transcript, origin);
}

/** One message's byline, source, time (in the jam's zone) and text, as inert HTML (transcripts and recaps). */
export function messageHtml(m: MessageView, timeZone: string, permalink?: string): string {
  const role = m.author.role === 'participant' ? '' : `<span class="role">${m.author.role}</span>`;
  const via = m.source !== 'native' && m.externalUrl ? ` · <a href="${escapeHtml(m.externalUrl)}" rel="nofollow noopener noreferrer">on ${SOURCE_LABEL[m.source]}</a>` : '';
  const time = `<time datetime="${m.createdAt}">${clockTime(m.createdAt, timeZone)}</time>`;
  return (
    `<span class="who">${escapeHtml(m.author.displayName)}</span> <span class="perma">@${escapeHtml(m.author.handle)}</span>${role} ` +
    `${permalink ? `<a href="${escapeHtml(permalink)}">${time}</a>` : time}${via}<div>${linkifiedHtml(m.text)}</div>`
  );
}

/** A self-contained page around a body: no scripts (its own CSP forbids them), the export style inline. */
export function standalonePage(title: string, body: string, extraStyle = ''): string {
  return `${pageStart(title, extraStyle)}${body}${PAGE_END}`;
}

function pageStart(title: string, extraStyle = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}${extraStyle}</style></head>
<body>`;
}

const PAGE_END = `</body></html>
`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The audience's questions (votes, answers, promotion) and the polls (results), after the transcript. */
function audienceHtml(transcript: Transcript, origin: string): string {
  const out: string[] = [];
  const asked = transcript.audienceQuestions ?? [];
  if (asked.length > 0) {
    out.push('<h2 id="audience">Questions from the audience</h2><ol>');
    for (const q of asked) {
      const state = q.status === 'answered' ? ' · answered' : q.status === 'merged' ? ' · merged into another question' : '';
      const promoted = q.promotedTo ? ` · asked as <a href="#q${q.promotedTo}">Q${q.promotedTo}</a>` : '';
      const answers = q.answerIds.map((id, i) => `<a href="${escapeHtml(`${origin}/jams/${transcript.jam.slug}/m/${id}`)}">answer ${i + 1}</a>`).join(' ');
      out.push(`<li><span class="votes">${plural(q.votes, 'vote')}</span><span class="who">${escapeHtml(q.author.displayName)}</span> <span class="perma">@${escapeHtml(q.author.handle)}${state}${promoted}</span><div>${linkifiedHtml(q.text)}</div>${answers ? `<div class="perma">${answers}</div>` : ''}</li>`);
    }
    out.push('</ol>');
  }
  for (const poll of transcript.polls ?? []) {
    out.push(`<h2>Poll${poll.question ? ` (Q${poll.question})` : ''}: ${escapeHtml(poll.text)}</h2><ul>`);
    for (const option of poll.options) out.push(`<li>${escapeHtml(option.text)}: ${option.votes === null ? 'results not revealed' : plural(option.votes, 'vote')}</li>`);
    out.push(`</ul>${poll.total !== null ? `<p class="meta">${plural(poll.total, 'ballot')}${poll.status === 'closed' ? '' : ' so far'}.</p>` : ''}`);
  }
  return out.join('\n');
}
