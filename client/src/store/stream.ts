import type { StateCreator } from 'zustand';
import type { ApiError } from '../../../shared/errors.ts';
import type { JamView, MessageView, ShowState } from '../../../shared/model.ts';
import type { JamJoinResult, PresenceView } from '../../../shared/protocol.ts';
import { jamsApi, type Viewer } from '../api/endpoints.ts';
import { indexOf, markAppend } from './derived.ts';
import type { Store } from './index.ts';

/** One change that arrived over the socket; applied in batches (see realtime/batcher). */
export type StreamOp = { type: 'created' | 'updated'; message: MessageView } | { type: 'hidden'; id: string };

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

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface StreamSlice {
  jam: JamView | null;
  viewer: Viewer | null;
  /** Visible messages of the open jam, in seq order, one per id. */
  messages: MessageView[];
  lastSeq: number;
  hasEarlier: boolean;
  presence: PresenceView | null;
  connection: ConnectionState;
  /** Set after a re-join: how many messages the reconnect caught up (cleared after a while). */
  caughtUp: number | null;
  /** Server clock minus ours (ms), from the last show state, so countdowns agree with the server. */
  clockOffset: number;
  clearCaughtUp(): void;
  outbox: OutgoingPost[];
  /** While paused (or in calm mode), columns show messages up to this seq only. */
  cutoff: number | null;
  paused: boolean;
  /** Calm view: the columns advance every this many seconds; null = live. */
  calmSeconds: number | null;
  /** The message the composer replies to, and the thread open in the side panel. */
  replyTo: string | null;
  thread: string | null;
  setReplyTo(id: string | null): void;
  openThread(id: string | null): void;
  /** Pages older messages in over HTTP (a join carries only the latest page). */
  loadEarlier(): Promise<void>;
  openJam(jam: JamView, viewer: Viewer | null): void;
  closeJam(): void;
  joined(result: JamJoinResult, resumed: boolean): void;
  applyOps(ops: StreamOp[]): void;
  setShow(slug: string, show: ShowState, reason?: string): void;
  setPresence(presence: PresenceView): void;
  setConnection(state: ConnectionState): void;
  setViewer(viewer: Viewer | null): void;
  queuePost(post: OutgoingPost): void;
  updatePost(clientId: string, patch: Partial<OutgoingPost>): void;
  confirmPost(clientId: string, message: MessageView): void;
  dropPost(clientId: string): void;
  pause(): void;
  resume(): void;
  setCalm(seconds: number | null): void;
  advanceCalm(): void;
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

/** The server computed the show at `show.at`; it just arrived, so the gap is the clock skew. */
const offsetOf = (show: ShowState) => {
  const at = Date.parse(show.at);
  return Number.isFinite(at) ? at - Date.now() : 0;
};

const isJam = (state: Store, slug: string) => state.jam?.slug === slug;

export const streamSlice: StateCreator<Store, [], [], StreamSlice> = (set, get) => ({
  jam: null,
  viewer: null,
  messages: [],
  lastSeq: 0,
  hasEarlier: false,
  presence: null,
  connection: 'idle',
  caughtUp: null,
  clockOffset: 0,
  clearCaughtUp() {
    set({ caughtUp: null });
  },
  outbox: [],
  cutoff: null,
  paused: false,
  calmSeconds: null,
  replyTo: null,
  thread: null,
  setReplyTo(replyTo) {
    set({ replyTo });
  },
  openThread(thread) {
    set({ thread });
  },
  async loadEarlier() {
    const { jam, messages } = get();
    const first = messages[0]?.seq;
    if (!jam || first === undefined || first <= 1) return set({ hasEarlier: false });
    const after = Math.max(0, first - 1 - EARLIER_PAGE);
    const page = await jamsApi.messages(jam.slug, after, first - 1 - after);
    if (get().jam?.slug !== jam.slug) return;
    set((state) => ({ messages: mergeMessages(state.messages, page.messages.filter((m) => !m.hidden)), hasEarlier: after > 0 }));
  },
  openJam(jam, viewer) {
    const clockOffset = offsetOf(jam.show);
    if (get().jam?.slug === jam.slug) return set({ jam, viewer, clockOffset });
    set({ jam, viewer, clockOffset, messages: [], lastSeq: 0, hasEarlier: false, presence: null, outbox: [], cutoff: null, paused: false, caughtUp: null, replyTo: null, thread: null });
  },
  closeJam() {
    set({ jam: null, viewer: null, messages: [], lastSeq: 0, presence: null, outbox: [], cutoff: null, paused: false, connection: 'idle', caughtUp: null });
  },
  joined(result, resumed) {
    const state = get();
    const messages = mergeMessages(resumed ? state.messages : [], result.messages);
    const lastSeq = Math.max(result.lastSeq, messages[messages.length - 1]?.seq ?? 0);
    set({
      messages,
      lastSeq,
      hasEarlier: resumed ? state.hasEarlier : result.hasEarlier,
      connection: 'live',
      caughtUp: resumed ? result.messages.length : null,
      jam: { ...result.jam, viewers: result.viewers },
      clockOffset: offsetOf(result.jam.show),
    });
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
  setShow(slug, show) {
    const { jam } = get();
    if (!jam || jam.slug !== slug) return;
    const questions = jam.questions.map((q, i) => ({ ...q, released: show.releasedAt[i] != null, releaseAt: show.releasedAt[i] ?? q.releaseAt }));
    set({ jam: { ...jam, show, status: show.status, questions }, clockOffset: offsetOf(show) });
  },
  setPresence(presence) {
    if (isJam(get(), presence.jamSlug)) set({ presence });
  },
  setConnection(connection) {
    set({ connection });
  },
  setViewer(viewer) {
    set({ viewer });
  },
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
  pause() {
    set((state) => ({ paused: true, cutoff: state.cutoff ?? state.lastSeq }));
  },
  resume() {
    set((state) => ({ paused: false, cutoff: state.calmSeconds ? state.lastSeq : null }));
  },
  setCalm(seconds) {
    set((state) => ({ calmSeconds: seconds, cutoff: seconds ? state.lastSeq : state.paused ? state.cutoff : null }));
  },
  advanceCalm() {
    set((state) => (state.paused || !state.calmSeconds ? {} : { cutoff: state.lastSeq }));
  },
});
