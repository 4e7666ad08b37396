import type { MessageView, Transcript } from '../../../../shared/model.ts';
import type { RecapBlock } from '../../../../shared/recaps.ts';

/** A block with a key that lives only in the editor (stable across reorders for focus and React). */
export type EditorBlock = RecapBlock & { key: string };

let counter = 0;
export const withKey = (block: RecapBlock): EditorBlock => ({ ...block, key: `b${++counter}` });
export const withoutKey = ({ key: _key, ...block }: EditorBlock): RecapBlock => block;

/** Moves the block at `from` by `delta` places (clamped); the same array when nothing moves. */
export function move<T>(list: T[], from: number, delta: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, from + delta));
  if (to === from) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Candidate messages in reading order, grouped by question. */
export function candidates(transcript: Transcript): { n: number | null; title: string; messages: MessageView[] }[] {
  return transcript.sections.map((section) => {
    const messages: MessageView[] = [];
    const walk = (threads: Transcript['sections'][number]['threads']) => threads.forEach((t) => (messages.push(t.message), walk(t.replies)));
    walk(section.threads);
    return { n: section.question?.n ?? null, title: section.question ? `Q${section.question.n}: ${section.question.text}` : 'Before the first question', messages };
  });
}

/**
 * Adds a quote where a reader expects it: after the last quote from the same question, or at the
 * end under a new heading for that question when none of its messages is in yet.
 */
export function insertQuote(blocks: EditorBlock[], message: MessageView, byId: Map<string, MessageView>, heading: string): EditorBlock[] {
  const sameQuestion = (b: EditorBlock) => b.kind === 'quote' && byId.get(b.messageId)?.question === message.question;
  const last = blocks.findLastIndex(sameQuestion);
  const quote = withKey({ kind: 'quote', messageId: message.id });
  if (last >= 0) return [...blocks.slice(0, last + 1), quote, ...blocks.slice(last + 1)];
  return [...blocks, withKey({ kind: 'heading', text: heading.slice(0, 120) }), quote];
}
