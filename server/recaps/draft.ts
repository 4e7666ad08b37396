import type { JamView, MessageView } from '../../shared/model.ts';
import type { RecapBlock, RecapContent } from '../../shared/recaps.ts';
import { buildTranscript, walkTranscript } from '../archive/transcript.ts';

/**
 * A first draft: one heading per question that has featured answers, those answers under it in
 * reading order. The host starts from what was already picked live instead of a blank page.
 */
export function defaultRecap(jam: JamView, messages: MessageView[]): RecapContent {
  const transcript = buildTranscript(jam, messages, new Date(0));
  const blocks: RecapBlock[] = [];
  let section: unknown;
  for (const { message, section: current } of walkTranscript(transcript)) {
    if (!message.featured) continue;
    if (current !== section) {
      section = current;
      blocks.push({ kind: 'heading', text: current.question ? `Q${current.question.n}: ${current.question.text}`.slice(0, 120) : 'Before the first question' });
    }
    blocks.push({ kind: 'quote', messageId: message.id });
  }
  return { cover: jam.description.slice(0, 200), blocks };
}
