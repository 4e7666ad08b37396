import type { StateCreator } from 'zustand';
import type { Store } from './index.ts';

/** What the reader is writing or reading into: the reply target, the open thread, the phone's composer sheet. */
export interface ComposerSlice {
  /** The message the composer replies to, and the thread open in the side panel. */
  replyTo: string | null;
  thread: string | null;
  setReplyTo(id: string | null): void;
  /** On a phone the composer is a sheet: open while writing (a reply opens it too). */
  composerOpen: boolean;
  setComposerOpen(open: boolean): void;
  openThread(id: string | null): void;
}

export const composerSlice: StateCreator<Store, [], [], ComposerSlice> = (set) => ({
  replyTo: null,
  thread: null,
  setReplyTo(replyTo) {
    set({ replyTo });
  },
  composerOpen: false,
  setComposerOpen(composerOpen) {
    set({ composerOpen });
  },
  openThread(thread) {
    set({ thread });
  },
});
