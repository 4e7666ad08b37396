import type { StateCreator } from 'zustand';
import type { ApiError } from '../../../shared/errors.ts';
import type { MessageView } from '../../../shared/model.ts';
import type { Store } from './index.ts';

/** A post on its way: shown at once, confirmed by the ack, retried with the same client id. */
export interface OutgoingPost {
  clientId: string;
  text: string;
  /** Exactly what the composer previewed (hashtag appended), shown until the ack arrives. */
  display: string;
  replyTo: string | null;
  state: 'sending' | 'retrying' | 'failed' | 'needs-rules';
  attempts: number;
  error: ApiError | null;
}

/** Posts on their way, in the order written; a confirmed one leaves (by the ack or its own message arriving). */
export interface OutboxSlice {
  outbox: OutgoingPost[];
  queuePost(post: OutgoingPost): void;
  updatePost(clientId: string, patch: Partial<OutgoingPost>): void;
  confirmPost(clientId: string, message: MessageView): void;
  dropPost(clientId: string): void;
}

export const outboxSlice: StateCreator<Store, [], [], OutboxSlice> = (set, get) => ({
  outbox: [],
  queuePost(post) {
    set((state) => ({ outbox: [...state.outbox, post] }));
  },
  updatePost(clientId, patch) {
    set((state) => ({ outbox: state.outbox.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)) }));
  },
  confirmPost(clientId, message) {
    set((state) => ({ outbox: state.outbox.filter((p) => p.clientId !== clientId) }));
    get().applyOps([{ type: 'created', message }]);
  },
  dropPost(clientId) {
    set((state) => ({ outbox: state.outbox.filter((p) => p.clientId !== clientId) }));
  },
});

/**
 * The outbox kept per jam in the browser, so a post waiting for the rules (or for the network)
 * survives a reload. Its client id stays the same, so sending it again after a reload is stored once.
 */
const key = (slug: string) => `tj.outbox.${slug}`;

export function loadOutbox(slug: string): OutgoingPost[] {
  try {
    const raw = globalThis.localStorage?.getItem(key(slug));
    const posts = raw ? (JSON.parse(raw) as OutgoingPost[]) : [];
    // Nothing is in flight after a reload: what was on its way is sent again (same client id).
    return posts.filter((p) => p && typeof p.clientId === 'string' && typeof p.text === 'string').map((p) => (p.state === 'sending' || p.state === 'retrying' ? { ...p, state: 'retrying', attempts: 0 } : p));
  } catch {
    return [];
  }
}

export function saveOutbox(slug: string, posts: OutgoingPost[]): void {
  try {
    if (posts.length === 0) globalThis.localStorage?.removeItem(key(slug));
    else globalThis.localStorage?.setItem(key(slug), JSON.stringify(posts));
  } catch {
    /* private mode or full storage: the outbox lasts as long as the page */
  }
}
