import type { StateCreator } from 'zustand';
import { DEFAULT_COLUMNS, type ColumnSpec } from '../../../shared/filters.ts';
import type { Store } from './index.ts';

const FOLLOWS_KEY = 'tj.follows';

function loadFollows(): string[] {
  try {
    const raw = globalThis.localStorage?.getItem(FOLLOWS_KEY);
    return raw ? (JSON.parse(raw) as string[]) : [];
  } catch {
    return [];
  }
}

/** The column layout (mirrored from the URL's `cols`) and the people this reader follows. */
export interface ColumnsSlice {
  columns: ColumnSpec[];
  /** Lower-cased handles whose posts are highlighted. */
  follows: string[];
  setColumns(columns: ColumnSpec[]): void;
  toggleFollow(handle: string): void;
}

/** Pure layout edits, so the URL writer and the tests share them. */
export const layout = {
  add: (columns: ColumnSpec[], column: ColumnSpec) => (columns.some((c) => c.kind === column.kind && c.value === column.value) ? columns : [...columns, column]),
  remove: (columns: ColumnSpec[], index: number) => columns.filter((_, i) => i !== index),
  move: (columns: ColumnSpec[], index: number, by: -1 | 1) => {
    const to = index + by;
    if (to < 0 || to >= columns.length) return columns;
    const next = columns.slice();
    [next[index], next[to]] = [next[to]!, next[index]!];
    return next;
  },
};

export const columnsSlice: StateCreator<Store, [], [], ColumnsSlice> = (set) => ({
  columns: DEFAULT_COLUMNS,
  follows: loadFollows(),
  setColumns(columns) {
    set({ columns });
  },
  toggleFollow(handle) {
    set((state) => {
      const key = handle.toLowerCase();
      const follows = state.follows.includes(key) ? state.follows.filter((h) => h !== key) : [...state.follows, key];
      try {
        globalThis.localStorage?.setItem(FOLLOWS_KEY, JSON.stringify(follows));
      } catch {
        /* private mode: follows last for the visit */
      }
      return { follows };
    });
  },
});
