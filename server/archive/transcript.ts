import type { TranscriptRow } from '../../shared/archive.ts';
import type { JamView, MessageView, Transcript, TranscriptSection, TranscriptThread } from '../../shared/model.ts';

/**
 * Groups visible messages by question, replies under their parent. A thread lives in the section
 * of its root, so a side conversation stays together; a reply whose parent is hidden starts its
 * own thread. Messages of no question (before Q1) come first. Every planned question keeps its
 * section, and one the jam ended before releasing says so (`asked: false`) rather than reading
 * as a question nobody answered.
 */
export function buildTranscript(jam: JamView, messages: MessageView[], exportedAt: Date): Transcript {
  const visible = messages.filter((m) => !m.hidden).sort((a, b) => a.seq - b.seq);
  const threads = new Map<string, TranscriptThread>(visible.map((m) => [m.id, { message: m, replies: [] }]));
  const roots: TranscriptThread[] = [];
  for (const message of visible) {
    const thread = threads.get(message.id)!;
    const parent = message.replyTo ? threads.get(message.replyTo) : undefined;
    if (parent && parent.message.seq < message.seq) parent.replies.push(thread);
    else roots.push(thread);
  }
  const sections: TranscriptSection[] = [
    { question: null, threads: [] },
    ...jam.questions.map((q, i) => {
      const releasedAt = jam.show.releasedAt[i] ?? null;
      return { question: { n: q.n, text: q.text, releasedAt, asked: releasedAt !== null }, threads: [] as TranscriptThread[] };
    }),
  ];
  for (const root of roots) {
    const n = root.message.question;
    const section = n !== null && n >= 1 && n <= jam.questions.length ? sections[n]! : sections[0]!;
    section.threads.push(root);
  }
  return {
    jam,
    sections: sections.filter((s, i) => i > 0 || s.threads.length > 0),
    messageCount: visible.length,
    exportedAt: exportedAt.toISOString(),
  };
}

/** Depth-first walk of every message in a transcript, in reading order, with its thread depth. */
export function* walkTranscript(transcript: Transcript): Generator<{ message: MessageView; depth: number; section: TranscriptSection }> {
  for (const section of transcript.sections) yield* walkSection(section);
}

/** Depth-first walk of one section's messages, in reading order, with their thread depth. */
export function* walkSection(section: TranscriptSection): Generator<{ message: MessageView; depth: number; section: TranscriptSection }> {
  const stack: { thread: TranscriptThread; depth: number }[] = section.threads.map((thread) => ({ thread, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { thread, depth } = stack.pop()!;
    yield { message: thread.message, depth, section };
    for (let i = thread.replies.length - 1; i >= 0; i--) stack.push({ thread: thread.replies[i]!, depth: depth + 1 });
  }
}

/** The transcript flattened into rows in reading order: each section's heading, then its messages depth-first (the archive page reads it a page of rows at a time). */
export function transcriptRows(transcript: Transcript): TranscriptRow[] {
  const rows: TranscriptRow[] = [];
  for (const section of transcript.sections) {
    const n = section.question?.n ?? 0;
    rows.push({ kind: 'question', n });
    for (const { message, depth } of walkSection(section)) rows.push({ kind: 'message', n, depth, message });
  }
  return rows;
}

/** The words every export uses under a question the jam ended before releasing. */
export const NOT_ASKED = 'Not asked: the jam ended before this question was released.';
