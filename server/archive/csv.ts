import type { Transcript } from '../../shared/model.ts';
import { walkTranscript } from './transcript.ts';

const COLUMNS = ['seq', 'id', 'created_at', 'question', 'author_handle', 'author_name', 'author_role', 'source', 'reply_to', 'featured', 'text', 'permalink'];

/** RFC 4180 cell; a leading = + - @ is defused so spreadsheets never run it as a formula. */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: (string | number | boolean | null)[]): string {
  return cells.map(csvCell).join(',');
}

/** One row per visible message in reading order (by question, threads together). */
export function transcriptCsv(transcript: Transcript, origin: string): string {
  const lines = [COLUMNS.join(',')];
  for (const { message: m } of walkTranscript(transcript)) {
    lines.push(csvRow([m.seq, m.id, m.createdAt, m.question, m.author.handle, m.author.displayName, m.author.role, m.source, m.replyTo, m.featured, m.text, origin + m.permalink]));
  }
  return lines.join('\r\n') + '\r\n';
}
