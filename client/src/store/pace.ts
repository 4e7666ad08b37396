import type { StateCreator } from 'zustand';
import type { Store } from './index.ts';

/** How fast the columns move: live, paused at a seq, or calm (advancing every few seconds). */
export interface PaceSlice {
  /** While paused (or in calm mode), columns show messages up to this seq only. */
  cutoff: number | null;
  paused: boolean;
  /** Calm view: the columns advance every this many seconds; null = live. */
  calmSeconds: number | null;
  pause(): void;
  resume(): void;
  setCalm(seconds: number | null): void;
  advanceCalm(): void;
}

export const paceSlice: StateCreator<Store, [], [], PaceSlice> = (set) => ({
  cutoff: null,
  paused: false,
  calmSeconds: null,
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
