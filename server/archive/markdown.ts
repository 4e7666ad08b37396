import type { Transcript } from '../../shared/model.ts';
import { clockTime, formatInZone } from '../../shared/time.ts';
import { walkTranscript } from './transcript.ts';

/** Escapes what Markdown would otherwise turn into markup, links or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~!]/g, (c) => `\\${c}`).replace(/^#/, '\\#').replace(/\r?\n/g, ' ');
}

const roleLabel = { host: ' (host)', panelist: ' (panelist)', participant: '' } as const;

export function transcriptMarkdown(transcript: Transcript, origin: string): string {
  const { jam } = transcript;
  const out: string[] = [
    `# ${escapeMarkdown(jam.title)}`,
    '',
    `${escapeMarkdown(jam.series.hashtag)} · ${escapeMarkdown(jam.series.name)} · ${formatInZone(jam.show.startsAt, jam.timeZone)} · ${transcript.messageCount} messages`,
    '',
    `Permalink: ${origin}${jam.permalink}`,
  ];
  if (jam.panelists.length) out.push('', `Panelists: ${jam.panelists.map((p) => `@${escapeMarkdown(p.handle)}`).join(', ')}`);
  let current: unknown = undefined;
  for (const { message: m, depth, section } of walkTranscript(transcript)) {
    if (section !== current) {
      current = section;
      out.push('', section.question ? `## Q${section.question.n}: ${escapeMarkdown(section.question.text)}` : '## Before the first question', '');
    }
    const time = clockTime(m.createdAt, jam.timeZone);
    const via = m.source === 'x' ? ' via X' : '';
    const star = m.featured ? ' ★' : '';
    out.push(`${'  '.repeat(depth)}- **@${escapeMarkdown(m.author.handle)}**${roleLabel[m.author.role]}${via} ${time}${star}: ${escapeMarkdown(m.text)} ([link](${origin}${m.permalink}))`);
  }
  return out.join('\n') + '\n';
}
