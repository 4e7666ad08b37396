import type { MessageView } from '../../../shared/model.ts';

/**
 * Indexes derived once per messages array (the store replaces the array on change), so a
 * rendered message looks up its parent and reply count in O(1) instead of scanning 10,000.
 */
interface StreamIndex {
  byId: Map<string, MessageView>;
  replyCounts: Map<string, number>;
  /** Authors in order of their first post in this jam. */
  firstPosts: MessageView[];
}

const cache = new WeakMap<MessageView[], StreamIndex>();

export function indexOf(messages: MessageView[]): StreamIndex {
  let index = cache.get(messages);
  if (index) return index;
  const byId = new Map<string, MessageView>();
  const replyCounts = new Map<string, number>();
  const seen = new Set<string>();
  const firstPosts: MessageView[] = [];
  for (const m of messages) {
    byId.set(m.id, m);
    if (m.replyTo) replyCounts.set(m.replyTo, (replyCounts.get(m.replyTo) ?? 0) + 1);
    const key = m.author.handle.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      firstPosts.push(m);
    }
  }
  index = { byId, replyCounts, firstPosts };
  cache.set(messages, index);
  return index;
}
