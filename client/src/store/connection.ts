import type { StateCreator } from 'zustand';
import type { Store } from './index.ts';
import { seqIndex } from './stream.ts';

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting';

/** The socket's state, and what a reconnect caught up. */
export interface ConnectionSlice {
  connection: ConnectionState;
  /** Set after a re-join: how many messages the reconnect caught up (cleared after a while). */
  caughtUp: number | null;
  /** The last seq seen when the connection dropped: what arrives past it was missed. */
  droppedAtSeq: number | null;
  clearCaughtUp(): void;
  setConnection(state: ConnectionState): void;
  /** Back by Socket.IO's recovery (what was missed is already applied): live, and how much it caught up. */
  recovered(): void;
}

export const connectionSlice: StateCreator<Store, [], [], ConnectionSlice> = (set) => ({
  connection: 'idle',
  caughtUp: null,
  droppedAtSeq: null,
  clearCaughtUp() {
    set({ caughtUp: null });
  },
  recovered() {
    set((state) => {
      const dropped = state.droppedAtSeq;
      return { connection: 'live', droppedAtSeq: null, caughtUp: dropped === null ? null : state.messages.length - seqIndex(state.messages, dropped + 1) };
    });
  },
  setConnection(connection) {
    set((state) => ({ connection, droppedAtSeq: connection === 'reconnecting' ? (state.droppedAtSeq ?? state.lastSeq) : state.droppedAtSeq }));
  },
});
