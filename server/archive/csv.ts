import type { Transcript } from '../../shared/model.ts';
import { asLines } from './chunks.ts';
import { walkTranscript } from './transcript.ts';

/** `question_asked` is false for a message on a question never released; `kind` tells messages from the audience's questions and poll options; `votes` counts boosts, votes or ballots. */
const COLUMNS = ['seq', 'id', 'created_at', 'question', 'author_handle', 'author_name', 'author_role', 'source', 'reply_to', 'featured', 'text', 'permalink', 'question_asked', 'kind', 'votes'];
/**
 * The cells people write (handles, display names, message and poll text) get the formula guard.
 * Ids, seqs, reply_to, timestamps, numbers, flags and enums stay verbatim so they join with the
 * JSON export (ids may start with "-").
 */
export const GUARDED_TRANSCRIPT_COLUMNS: readonly string[] = ['author_handle', 'author_name', 'text'];
const guardedAt = COLUMNS.map((name) => GUARDED_TRANSCRIPT_COLUMNS.includes(name));

export type CsvValue = string | number | boolean | null;

/** RFC 4180 cell; with `guard`, a leading = + - @ tab or CR in text is defused so spreadsheets never run it as a formula. */
export function csvCell(value: CsvValue, guard = true): string {
  let text = value === null ? '' : String(value);
  if (guard && typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A row; `guarded[i]` false leaves cell i verbatim (default: every text cell is guarded). */
export function csvRow(cells: CsvValue[], guarded?: readonly boolean[]): string {
  return cells.map((cell, i) => csvCell(cell, guarded?.[i] ?? true)).join(',');
}
const transcriptRow = (cells: CsvValue[]) => csvRow(cells, guardedAt);

/** One row per visible message in reading order (by question, threads together). */
export function transcriptCsv(transcript: Transcript, origin: string): string {
  return [...transcriptCsvChunks(transcript, origin)].join('');
}

/** The CSV a row at a time (each ending in CRLF), for streaming. */
export function transcriptCsvChunks(transcript: Transcript, origin: string): Iterable<string> {
  return asLines(csvLines(transcript, origin), '\r\n');
}

function* csvLines(transcript: Transcript, origin: string): Generator<string> {
  yield COLUMNS.join(',');
  for (const { message: m, section } of walkTranscript(transcript)) {
    // Appended columns, so readers of the older layout keep their indexes: false when the message's question was never released.
    const asked = section.question ? section.question.asked : null;
    yield transcriptRow([m.seq, m.id, m.createdAt, m.question, m.author.handle, m.author.displayName, m.author.role, m.source, m.replyTo, m.featured, m.text, origin + m.permalink, asked, 'message', m.boosts]);
  }
  // Audience questions (question = the run-of-show number if promoted; reply_to = the answers) and poll options.
  for (const q of transcript.audienceQuestions ?? []) {
    yield transcriptRow([null, q.id, q.createdAt, q.promotedTo, q.author.handle, q.author.displayName, 'participant', 'native', q.answerIds.join(' ') || null, false, q.text, null, null, `audience_question:${q.status}`, q.votes]);
  }
  for (const poll of transcript.polls ?? []) {
    for (const [i, option] of poll.options.entries()) yield transcriptRow([null, `${poll.id}:${i}`, poll.createdAt, poll.question, null, null, null, null, null, false, `${poll.text} — ${option.text}`, null, null, 'poll_option', option.votes]);
  }
}
