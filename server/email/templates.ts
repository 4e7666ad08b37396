import { escapeHtml } from '../../shared/html.ts';
import type { RecapView } from '../../shared/recaps.ts';
import type { Digest } from '../../shared/reports.ts';
import { seriesAndReaderTime } from '../../shared/time.ts';

/** A mail's words, in plain text and HTML that say the same thing. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph of text, or a call to action (a link on its own line / a button). */
type Part = { p: string } | { link: string; label: string } | { quote: string; by: string };

const FOOTER_TEXT = (unsubscribe?: string) => (unsubscribe ? `\n\n--\nYou asked TweetJam for this mail. Stop mail about this series: ${unsubscribe}` : '\n\n--\nTweetJam');

/** Plain text first (readable as is), then the same parts as simple, inline-styled HTML. */
function compose(subject: string, parts: Part[], unsubscribe?: string): MailContent {
  const text = parts.map((part) => ('p' in part ? part.p : 'link' in part ? `${part.label}: ${part.link}` : `> ${part.quote}\n> — ${part.by}`)).join('\n\n') + FOOTER_TEXT(unsubscribe);
  const body = parts
    .map((part) =>
      'p' in part
        ? `<p>${escapeHtml(part.p)}</p>`
        : 'link' in part
          ? `<p><a href="${escapeHtml(part.link)}" style="display:inline-block;background:#0b5cad;color:#fff;padding:8px 14px;border-radius:6px;text-decoration:none">${escapeHtml(part.label)}</a></p>`
          : `<blockquote style="margin:12px 0;padding:6px 12px;border-left:4px solid #0b5cad;background:#f5f8ff">${escapeHtml(part.quote)}<br><small>— ${escapeHtml(part.by)}</small></blockquote>`,
    )
    .join('\n');
  const footer = unsubscribe ? `<p style="color:#555;font-size:12px">You asked TweetJam for this mail. <a href="${escapeHtml(unsubscribe)}">Stop mail about this series</a>.</p>` : '<p style="color:#555;font-size:12px">TweetJam</p>';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;color:#1a1d21;max-width:36rem;margin:0 auto;padding:16px">${body}\n<hr style="border:0;border-top:1px solid #ddd">${footer}</body></html>`;
  return { subject, text, html };
}

export function verifyEmailMail(handle: string, link: string): MailContent {
  return compose('Confirm your email for TweetJam', [
    { p: `Hello @${handle}, please confirm this address so TweetJam can send you reminders and recaps, and a link if you forget your password.` },
    { link, label: 'Confirm my email' },
    { p: 'The link works once, for 24 hours. If you did not ask for this, ignore this mail.' },
  ]);
}

export function resetPasswordMail(handle: string, link: string): MailContent {
  return compose('Reset your TweetJam password', [
    { p: `Someone (hopefully you) asked to reset the password of @${handle}.` },
    { link, label: 'Choose a new password' },
    { p: 'The link works once, for 1 hour, and signs you out everywhere. If you did not ask, ignore this mail: your password stays as it is.' },
  ]);
}

export interface ReminderFacts {
  hashtag: string;
  seriesName: string;
  title: string;
  startsAt: string;
  seriesZone: string;
  readerZone: string;
  jamUrl: string;
  kind: 'day' | 'soon';
}

export function reminderMail(facts: ReminderFacts, unsubscribe: string): MailContent {
  const when = facts.kind === 'day' ? 'tomorrow' : 'in 15 minutes';
  return compose(
    `${facts.hashtag} “${facts.title}” starts ${when}`,
    [
      { p: `${facts.seriesName} (${facts.hashtag}): “${facts.title}” starts ${when}.` },
      { p: `When: ${seriesAndReaderTime(facts.startsAt, facts.seriesZone, facts.readerZone)}.` },
      { link: facts.jamUrl, label: 'Join the jam' },
      { p: 'The calendar file attached adds it to your calendar.' },
    ],
    unsubscribe,
  );
}

/** After the jam: the host's recap when published, else the automatic digest. */
export function recapMail(recap: RecapView, recapUrl: string, unsubscribe: string): MailContent {
  const quotes = recap.blocks.flatMap((b) => (b.kind === 'quote' ? [{ quote: b.message.text, by: `${b.message.author.displayName} (@${b.message.author.handle})` }] : [])).slice(0, 5);
  return compose(`Recap: ${recap.jam.title} (${recap.jam.series.hashtag})`, [{ p: recap.cover || `The recap of “${recap.jam.title}” is out.` }, ...quotes, { link: recapUrl, label: 'Read the whole recap' }], unsubscribe);
}

export function digestMail(digest: Digest, jamUrl: string, unsubscribe: string): MailContent {
  const parts: Part[] = [{ p: `“${digest.jam.title}”: ${digest.stats.messages} messages from ${digest.stats.participants} people. The highlights, about ${digest.readingMinutes} minute${digest.readingMinutes === 1 ? '' : 's'} of reading:` }];
  for (const q of digest.questions) {
    parts.push({ p: `Q${q.n}: ${q.text}` });
    for (const h of q.highlights) parts.push({ quote: h.text, by: `${h.author.displayName} (@${h.author.handle})` });
  }
  parts.push({ link: jamUrl, label: 'Read the whole chat' });
  return compose(`Highlights: ${digest.jam.title}`, parts, unsubscribe);
}
