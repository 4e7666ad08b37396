import type { StateCreator } from 'zustand';
import type { JamView, QuestionView, ShowState, StreamPage } from '../../../shared/model.ts';
import type { JamJoinResult, PresenceView } from '../../../shared/protocol.ts';
import type { Viewer } from '../api/endpoints.ts';
import type { Store } from './index.ts';
import { loadOutbox } from './outbox.ts';
import { mergeMessages, seqIndex } from './stream.ts';

/** The open jam: its view and show, who the reader is in it, who is here; opening, joining and closing it. */
export interface JamSlice {
  jam: JamView | null;
  viewer: Viewer | null;
  presence: PresenceView | null;
  /** Server clock minus ours (ms), from the last show state, so countdowns agree with the server. */
  clockOffset: number;
  /** Opens a jam's page; `stream` (the page's first data) paints the columns before the socket joins. */
  openJam(jam: JamView, viewer: Viewer | null, stream?: StreamPage | null): void;
  closeJam(): void;
  joined(result: JamJoinResult, resumed: boolean): void;
  /** `released`: the question just released, which a reader of a jam with private questions did not have yet. */
  setShow(slug: string, show: ShowState, released?: QuestionView): void;
  setPresence(presence: PresenceView): void;
  setViewer(viewer: Viewer | null): void;
}

/** The server computed the show at `show.at`; it just arrived, so the gap is the clock skew. */
const offsetOf = (show: ShowState) => {
  const at = Date.parse(show.at);
  return Number.isFinite(at) ? at - Date.now() : 0;
};

const isJam = (state: Store, slug: string) => state.jam?.slug === slug;

export const jamSlice: StateCreator<Store, [], [], JamSlice> = (set, get) => ({
  jam: null,
  viewer: null,
  presence: null,
  clockOffset: 0,
  // Another jam starts clean in every slice that holds per-jam state (stream, outbox, pace, connection, composer).
  openJam(jam, viewer, stream) {
    const clockOffset = offsetOf(jam.show);
    if (get().jam?.slug === jam.slug) {
      set({ jam, viewer, clockOffset });
      if (stream) get().applyOps(stream.messages.map((message) => ({ type: 'created', message })));
      return;
    }
    const messages = stream ? mergeMessages([], stream.messages) : [];
    const lastSeq = stream ? Math.max(stream.lastSeq, messages[messages.length - 1]?.seq ?? 0) : 0;
    // A kept post whose message is already in the stream was stored before the reload: done.
    const stored = new Set(messages.map((m) => m.clientId));
    const outbox = loadOutbox(jam.slug).filter((p) => !stored.has(p.clientId));
    set({ jam, viewer, clockOffset, messages, lastSeq, hasEarlier: stream?.hasEarlier ?? false, presence: null, outbox, cutoff: null, paused: false, caughtUp: null, droppedAtSeq: null, replyTo: null, thread: null });
  },
  closeJam() {
    set({ jam: null, viewer: null, messages: [], lastSeq: 0, presence: null, outbox: [], cutoff: null, paused: false, connection: 'idle', caughtUp: null, droppedAtSeq: null });
  },
  joined(result, resumed) {
    const state = get();
    const messages = mergeMessages(resumed ? state.messages : [], result.messages);
    const lastSeq = Math.max(result.lastSeq, messages[messages.length - 1]?.seq ?? 0);
    // Counted against the seq at the drop: messages recovered by Socket.IO before this ack count too.
    const dropped = state.droppedAtSeq;
    set({
      messages,
      lastSeq,
      hasEarlier: resumed ? state.hasEarlier : result.hasEarlier,
      connection: 'live',
      caughtUp: dropped === null ? null : messages.length - seqIndex(messages, dropped + 1),
      droppedAtSeq: null,
      jam: { ...result.jam, viewers: result.viewers },
      ...(result.presence && { presence: result.presence }),
      clockOffset: offsetOf(result.jam.show),
    });
  },
  setShow(slug, show, released) {
    const { jam } = get();
    if (!jam || jam.slug !== slug) return;
    const known = released ? [...jam.questions.filter((q) => q.n !== released.n), released].sort((a, b) => a.n - b.n) : jam.questions;
    // Times come from the server's derived show only: never re-computed here.
    const questions = known.map((q) => ({ ...q, released: show.releasedAt[q.n - 1] != null, releaseAt: show.plannedAt[q.n - 1] ?? null }));
    set({ jam: { ...jam, show, status: show.status, questions }, clockOffset: offsetOf(show) });
  },
  setPresence(presence) {
    if (isJam(get(), presence.jamSlug)) set({ presence });
  },
  setViewer(viewer) {
    set({ viewer });
  },
});
