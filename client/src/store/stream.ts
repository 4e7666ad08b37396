import type { StateCreator } from 'zustand';
import type { MessageView } from '../../../shared/model.ts';
import { jamsApi } from '../api/endpoints.ts';
import { indexOf, markAppend } from './derived.ts';
import type { Store } from './index.ts';

/** One change that arrived over the socket; applied in batches (see realtime/batcher). */
export type StreamOp = { type: 'created' | 'updated'; message: MessageView } | { type: 'hidden'; id: string };

/** The open jam's messages: merged by seq, paged in over HTTP, changed by socket ops. */
export interface StreamSlice {
  /** Visible messages of the open jam, in seq order, one per id. */
  messages: MessageView[];
  lastSeq: number;
  hasEarlier: boolean;
  /** Pages older messages in over HTTP (a join carries only the latest page). */
  loadEarlier(): Promise<void>;
  applyOps(ops: StreamOp[]): void;
}

/** Inserts by seq and de-duplicates by id; the common case (all newer) is an append. */
export function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  if (incoming.length === 0) return current;
  const known = indexOf(current).byId;
  let next: MessageView[] | null = null;
  const fresh: MessageView[] = [];
  for (const message of incoming) {
    if (known.has(message.id)) {
      next ??= current.slice();
      const at = seqIndex(next, message.seq);
      if (next[at]?.id === message.id) next[at] = message;
    } else if (!fresh.some((m) => m.id === message.id)) {
      fresh.push(message);
    }
  }
  const base = next ?? current;
  if (fresh.length === 0) return base;
  fresh.sort((a, b) => a.seq - b.seq);
  const last = base[base.length - 1];
  if (!last || fresh[0]!.seq > last.seq) {
    const appended = base.concat(fresh);
    if (base === current) markAppend(current, appended);
    return appended;
  }
  return base.concat(fresh).sort((a, b) => a.seq - b.seq);
}

const EARLIER_PAGE = 1000;

/** Index of the first message with seq ≥ the given one (messages are sorted by seq). */
export function seqIndex(messages: MessageView[], seq: number): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (messages[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const streamSlice: StateCreator<Store, [], [], StreamSlice> = (set, get) => ({
  messages: [],
  lastSeq: 0,
  hasEarlier: false,
  async loadEarlier() {
    const { jam, messages } = get();
    const first = messages[0]?.seq;
    if (!jam || first === undefined || first <= 1) return set({ hasEarlier: false });
    const after = Math.max(0, first - 1 - EARLIER_PAGE);
    const page = await jamsApi.messages(jam.slug, after, first - 1 - after);
    if (get().jam?.slug !== jam.slug) return;
    set((state) => ({ messages: mergeMessages(state.messages, page.messages.filter((m) => !m.hidden)), hasEarlier: after > 0 }));
  },
  applyOps(ops) {
    const slug = get().jam?.slug;
    if (!slug) return;
    const upserts: MessageView[] = [];
    const hidden = new Set<string>();
    for (const op of ops) {
      if (op.type === 'hidden') hidden.add(op.id);
      else if (op.message.jamSlug === slug) {
        if (op.message.hidden) hidden.add(op.message.id);
        else {
          hidden.delete(op.message.id);
          upserts.push(op.message);
        }
      }
    }
    set((state) => {
      let messages = mergeMessages(state.messages, upserts);
      if (hidden.size > 0) messages = messages.filter((m) => !hidden.has(m.id));
      const confirmed = new Set(upserts.map((m) => m.clientId));
      const outbox = state.outbox.some((p) => confirmed.has(p.clientId)) ? state.outbox.filter((p) => !confirmed.has(p.clientId)) : state.outbox;
      const lastSeq = Math.max(state.lastSeq, ...upserts.map((m) => m.seq));
      return { messages, outbox, lastSeq };
    });
  },
});
