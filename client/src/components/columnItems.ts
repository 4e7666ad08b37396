import { parseAnswerNumber } from '../../../shared/answers.ts';
import { columnMatches, type ColumnSpec, type FilterContext } from '../../../shared/filters.ts';
import type { UserView } from '../../../shared/auth.ts';
import type { MessageView } from '../../../shared/model.ts';
import { appendedFrom } from '../store/derived.ts';
import type { OutgoingPost } from '../store/outbox.ts';
import { seqIndex } from '../store/stream.ts';

export interface ColumnItem {
  message: MessageView;
  pending?: OutgoingPost['state'];
}

/** A not-yet-acknowledged post as the message it will become, so column filters apply to it. */
export function pendingMessage(post: OutgoingPost, me: UserView, jamSlug: string, role: MessageView['author']['role'], current: number | null): MessageView {
  return {
    id: `pending-${post.clientId}`,
    seq: Number.MAX_SAFE_INTEGER,
    jamSlug,
    clientId: post.clientId,
    author: { handle: me.handle, displayName: me.displayName, role },
    text: post.display,
    createdAt: new Date().toISOString(),
    question: parseAnswerNumber(post.text) ?? current,
    replyTo: post.replyTo,
    source: 'native',
    externalUrl: null,
    featured: false,
    hidden: false,
    boosts: 0,
    permalink: '',
  };
}

export interface ColumnView {
  /** What the column shows, in order. */
  items: MessageView[];
  /** Pending state of the reader's own posts not yet acknowledged, by pseudo id. */
  pending: Map<string, OutgoingPost['state']>;
  /** Matches held back by pause or calm view. */
  waiting: number;
}

/**
 * Filters one column, remembering its last result: when the stream only grew at the end (the
 * live case), only the new messages are tested, so a burst costs O(new) per column, not O(10,000).
 */
export class ColumnFilter {
  private source: MessageView[] | null = null;
  private matched: MessageView[] = [];
  private key = '';

  view(column: ColumnSpec, messages: MessageView[], pending: ColumnItem[], context: FilterContext, cutoff: number | null): ColumnView {
    const key = `${column.kind}:${column.value ?? ''}:${context.currentQuestion}:${context.me}`;
    const grownFrom = appendedFrom(messages);
    if (key === this.key && this.source && grownFrom === this.source) {
      const added = messages.slice(this.source.length).filter((m) => columnMatches(column, m, context));
      if (added.length > 0) this.matched = this.matched.concat(added);
    } else if (key !== this.key || messages !== this.source) {
      this.matched = messages.filter((m) => columnMatches(column, m, context));
    }
    this.key = key;
    this.source = messages;

    let items = this.matched;
    let waiting = 0;
    if (cutoff !== null) {
      const at = seqIndex(items, cutoff + 1);
      const me = context.me?.toLowerCase() ?? null;
      // The reader's own posts always show, even while paused.
      const own = items.slice(at).filter((m) => m.author.handle.toLowerCase() === me);
      waiting = items.length - at - own.length;
      items = items.slice(0, at).concat(own);
    }
    const states = new Map<string, OutgoingPost['state']>();
    const mine = pending.filter((p) => columnMatches(column, p.message, context));
    if (mine.length > 0) {
      items = items.concat(mine.map((p) => p.message));
      for (const p of mine) if (p.pending) states.set(p.message.id, p.pending);
    }
    return { items, pending: states, waiting };
  }
}

/** One-shot filtering (tests, and anything without a remembered filter). */
export function columnItems(column: ColumnSpec, messages: MessageView[], pending: ColumnItem[], context: FilterContext, cutoff: number | null): ColumnView {
  return new ColumnFilter().view(column, messages, pending, context, cutoff);
}

/**
 * Where a column opens: at the linked message, else at the newest. Virtuoso hides a list that
 * opens anywhere but its first item until it has scrolled there, frames later; a column whose
 * first message just arrived has nowhere to scroll, so it opens at 0 and shows it at once.
 */
export function initialPosition(items: MessageView[], highlightId: string | null | undefined): number | { index: 'LAST'; align: 'end' } {
  const at = highlightId ? items.findIndex((m) => m.id === highlightId) : -1;
  if (at >= 0) return at;
  return items.length <= 1 ? 0 : { index: 'LAST', align: 'end' };
}
