import { parseAnswerNumber } from '../../../shared/answers.ts';
import { columnMatches, type ColumnSpec, type FilterContext } from '../../../shared/filters.ts';
import type { MessageView, UserView } from '../../../shared/model.ts';
import type { OutgoingPost } from '../store/stream.ts';

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

/**
 * What one column shows: the messages its shared filter accepts, up to the pause/calm cutoff
 * (the reader's own posts always show), then pending posts. `waiting` counts held-back matches.
 */
export function columnItems(column: ColumnSpec, messages: MessageView[], pending: ColumnItem[], context: FilterContext, cutoff: number | null): { items: ColumnItem[]; waiting: number } {
  const items: ColumnItem[] = [];
  let waiting = 0;
  const me = context.me?.toLowerCase() ?? null;
  for (const message of messages) {
    if (!columnMatches(column, message, context)) continue;
    if (cutoff !== null && message.seq > cutoff && message.author.handle.toLowerCase() !== me) waiting++;
    else items.push({ message });
  }
  for (const item of pending) if (columnMatches(column, item.message, context)) items.push(item);
  return { items, waiting };
}
