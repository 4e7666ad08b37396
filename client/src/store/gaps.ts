import { MESSAGE_PAGE_MAX, type MessageView } from '../../../shared/model.ts';
import type { StreamOp } from './stream.ts';

/**
 * The seqs a live viewer is missing after a batch of new messages: everything between the highest
 * seq it had and the highest that arrived that did not arrive. A hole means a broadcast was lost
 * (an ambiguous commit, a node that lost Redis for a moment); fetching the range at once closes it.
 * Hidden or held messages leave holes the fetch cannot fill; that costs one small request.
 * Returns the range to fetch (after `after`, through `through`) or null.
 */
export function seqGap(lastSeq: number, ops: StreamOp[]): { after: number; through: number } | null {
  if (lastSeq <= 0) return null; // not joined yet: the join's own page sets where we start
  const arrived = new Set<number>();
  for (const op of ops) if (op.type === 'created' && op.message.seq > lastSeq) arrived.add(op.message.seq);
  if (arrived.size === 0) return null;
  const highest = Math.max(...arrived);
  let first = 0;
  let last = 0;
  for (let seq = lastSeq + 1; seq < highest; seq++) {
    if (arrived.has(seq)) continue;
    first ||= seq;
    last = seq;
  }
  if (!first) return null;
  return { after: first - 1, through: last };
}

/**
 * Reads the messages after `after` through `through` a page at a time (the endpoint's most), handing
 * each page on as it comes; stops at a short page (hidden messages leave holes no read fills), an
 * empty one, or when `page` gives up (null: a failed read, or the viewer left the jam).
 */
export async function readRange(range: { after: number; through: number }, page: (after: number, limit: number) => Promise<MessageView[] | null>, take: (messages: MessageView[]) => void): Promise<void> {
  for (let after = range.after; after < range.through; ) {
    const limit = Math.min(MESSAGE_PAGE_MAX, range.through - after);
    const messages = await page(after, limit);
    if (!messages) return;
    take(messages);
    const last = messages.at(-1)?.seq;
    if (last === undefined || messages.length < limit) return;
    after = last;
  }
}
