import { SOURCE_LABEL, type MessageView, type Transcript } from '../../shared/model.ts';
import { clockTime, formatInZone } from '../../shared/time.ts';
import { asLines } from './chunks.ts';
import { NOT_ASKED, walkSection } from './transcript.ts';

/** Escapes what Markdown would otherwise turn into markup, links or HTML. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~!]/g, (c) => `\\${c}`).replace(/^#/, '\\#').replace(/\r?\n/g, ' ');
}

const roleLabel = { host: ' (host)', panelist: ' (panelist)', participant: '' } as const;

/** One quoted message: author, role, source, time in the jam's zone and a link back to it (transcripts and recaps). */
export function messageMarkdown(m: MessageView, timeZone: string, origin: string): string {
  const via = m.source === 'native' ? '' : ` via ${SOURCE_LABEL[m.source]}`;
  const star = m.featured ? ' ★' : '';
  return `**@${escapeMarkdown(m.author.handle)}**${roleLabel[m.author.role]}${via} ${clockTime(m.createdAt, timeZone)}${star}: ${escapeMarkdown(m.text)} ([link](${origin}${m.permalink}))`;
}

export function transcriptMarkdown(transcript: Transcript, origin: string): string {
  return [...transcriptMarkdownChunks(transcript, origin)].join('');
}

/** The Markdown a line at a time, for streaming. */
export function transcriptMarkdownChunks(transcript: Transcript, origin: string): Iterable<string> {
  return asLines(markdownLines(transcript, origin), '\n');
}

function* markdownLines(transcript: Transcript, origin: string): Generator<string> {
  const { jam } = transcript;
  yield* [
    `# ${escapeMarkdown(jam.title)}`,
    '',
    `${escapeMarkdown(jam.series.hashtag)} · ${escapeMarkdown(jam.series.name)} · ${formatInZone(jam.show.startsAt, jam.timeZone)} · ${transcript.messageCount} messages`,
    '',
    `Permalink: ${origin}${jam.permalink}`,
  ];
  if (jam.panelists.length) yield* ['', `Panelists: ${jam.panelists.map((p) => `@${escapeMarkdown(p.handle)}`).join(', ')}`];
  for (const section of transcript.sections) {
    const q = section.question;
    yield* ['', q ? `## Q${q.n}: ${escapeMarkdown(q.text)}${q.asked ? '' : ' (not asked)'}` : '## Before the first question', ''];
    if (q && !q.asked) yield* [`_${NOT_ASKED}_`, ''];
    else if (section.threads.length === 0) yield '_No answers._';
    for (const { message: m, depth } of walkSection(section)) {
      yield `${'  '.repeat(depth)}- ${messageMarkdown(m, jam.timeZone, origin)}`;
    }
  }
  yield* audienceMarkdown(transcript, origin);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The audience's questions (votes, answers, promotion) and the polls (results), after the transcript. */
function audienceMarkdown(transcript: Transcript, origin: string): string[] {
  const out: string[] = [];
  const asked = transcript.audienceQuestions ?? [];
  if (asked.length > 0) {
    out.push('', '## Questions from the audience', '');
    const permalink = (id: string) => `${origin}/jams/${transcript.jam.slug}/m/${id}`;
    for (const q of asked) {
      const state = q.status === 'answered' ? ' (answered)' : q.status === 'merged' ? ' (merged into another question)' : '';
      const promoted = q.promotedTo ? ` — asked as Q${q.promotedTo}` : '';
      const answers = q.answerIds.length ? ` Answers: ${q.answerIds.map((id, i) => `[${i + 1}](${permalink(id)})`).join(', ')}` : '';
      out.push(`- **${plural(q.votes, 'vote')}** · @${escapeMarkdown(q.author.handle)}: ${escapeMarkdown(q.text)}${state}${promoted}${answers}`);
    }
  }
  for (const poll of transcript.polls ?? []) {
    out.push('', `## Poll${poll.question ? ` (Q${poll.question})` : ''}: ${escapeMarkdown(poll.text)}`, '');
    for (const option of poll.options) out.push(`- ${escapeMarkdown(option.text)}: ${option.votes === null ? 'results not revealed' : plural(option.votes, 'vote')}`);
    if (poll.total !== null) out.push('', `${plural(poll.total, 'ballot')}${poll.status === 'closed' ? '' : ' so far'}.`);
  }
  return out;
}
