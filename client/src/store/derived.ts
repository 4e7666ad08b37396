import type { MessageView } from '../../../shared/model.ts';

/**
 * Indexes derived once per messages array (the store replaces the array on change), so a
 * rendered message looks up its parent and reply count in O(1) instead of scanning 10,000.
 * When the new array only appends to the previous one (the common case in a live jam), the
 * previous index is extended instead of rebuilt.
 */
interface StreamIndex {
  byId: Map<string, MessageView>;
  replyCounts: Map<string, number>;
  /** Authors in order of their first post in this jam. */
  firstPosts: MessageView[];
  seen: Set<string>;
  /** How many messages of the array this index covers. */
  size: number;
}

const cache = new WeakMap<MessageView[], StreamIndex>();
/** next array → the array it extends by appending only. */
const appendedTo = new WeakMap<MessageView[], MessageView[]>();

/** Records that `next` is `previous` plus messages at the end (set by the store's merge). */
export function markAppend(previous: MessageView[], next: MessageView[]) {
  appendedTo.set(next, previous);
}

/** The array `messages` extends by appending only, if the store said so. */
export const appendedFrom = (messages: MessageView[]) => appendedTo.get(messages);

export function indexOf(messages: MessageView[]): StreamIndex {
  const cached = cache.get(messages);
  if (cached) return cached;
  const previous = appendedTo.get(messages);
  const base = previous ? cache.get(previous) : undefined;
  let index: StreamIndex;
  if (base && base.size === previous!.length) {
    // The old array is no longer the store's; its index can grow in place.
    cache.delete(previous!);
    index = base;
  } else {
    index = { byId: new Map(), replyCounts: new Map(), firstPosts: [], seen: new Set(), size: 0 };
  }
  const firstCount = index.firstPosts.length;
  for (let i = index.size; i < messages.length; i++) {
    const m = messages[i]!;
    index.byId.set(m.id, m);
    if (m.replyTo) index.replyCounts.set(m.replyTo, (index.replyCounts.get(m.replyTo) ?? 0) + 1);
    const key = m.author.handle.toLowerCase();
    if (!index.seen.has(key)) {
      index.seen.add(key);
      index.firstPosts.push(m);
    }
  }
  // A new array only when someone new posted, so the "new faces" list re-renders only then.
  if (index.firstPosts.length !== firstCount) index.firstPosts = index.firstPosts.slice();
  index.size = messages.length;
  cache.set(messages, index);
  return index;
}
