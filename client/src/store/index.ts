import { create } from 'zustand';
import { archiveSlice, type ArchiveSlice } from './archive.ts';
import { columnsSlice, type ColumnsSlice } from './columns.ts';
import { sessionSlice, type SessionSlice } from './session.ts';
import { streamSlice, type StreamSlice } from './stream.ts';

/** The one client store, bound from per-domain slices (zustand's slices pattern). */
export type Store = SessionSlice & StreamSlice & ColumnsSlice & ArchiveSlice;

export const useStore = create<Store>()((...a) => ({
  ...sessionSlice(...a),
  ...streamSlice(...a),
  ...columnsSlice(...a),
  ...archiveSlice(...a),
}));
