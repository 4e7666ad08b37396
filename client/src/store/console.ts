import type { StateCreator } from 'zustand';

/** The host console's slice: a counter that socket events bump so the console re-reads its queue. */
export interface ConsoleSlice {
  /** Bumped when something a host must look at changes (held, reported, hidden elsewhere). */
  moderationVersion: number;
  moderationChanged(): void;
}

export const consoleSlice: StateCreator<ConsoleSlice, [], [], ConsoleSlice> = (set) => ({
  moderationVersion: 0,
  moderationChanged() {
    set((state) => ({ moderationVersion: state.moderationVersion + 1 }));
  },
});
