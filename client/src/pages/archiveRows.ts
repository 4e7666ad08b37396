import type { MessageView, Transcript, TranscriptSection, TranscriptThread } from '../../../shared/model.ts';

/** The transcript flattened into rows (question headings, then answers with their reply depth). */
export type ArchiveRow = { kind: 'question'; key: string; section: TranscriptSection; n: number } | { kind: 'message'; key: string; message: MessageView; depth: number; n: number };

export function archiveRows(transcript: Transcript): ArchiveRow[] {
  const rows: ArchiveRow[] = [];
  for (const section of transcript.sections) {
    const n = section.question?.n ?? 0;
    rows.push({ kind: 'question', key: `q${n}`, section, n });
    const walk = (threads: TranscriptThread[], depth: number) => {
      for (const thread of threads) {
        rows.push({ kind: 'message', key: thread.message.id, message: thread.message, depth, n });
        walk(thread.replies, depth + 1);
      }
    };
    walk(section.threads, 0);
  }
  return rows;
}
