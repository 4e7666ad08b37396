import type { StateCreator } from 'zustand';
import type { SearchHit, TranscriptRow, TranscriptRows } from '../../../shared/archive.ts';
import { jamsApi, searchApi, type SearchParams } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import type { Store } from './index.ts';

/** The last search: its pages so far, and where the next one starts (null after the last match). */
export interface SearchState {
  params: SearchParams;
  text: string;
  scope: 'jam' | 'series' | 'all';
  hits: SearchHit[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
}

/**
 * The transcript being read, as far as it is loaded: the outline (jam, sections, counts) and the
 * rows the reader has come to, a page at a time (`rows[i]` undefined until its page is in).
 */
export interface ArchivedTranscript extends Omit<TranscriptRows, 'rows' | 'offset' | 'messageRow'> {
  rows: (TranscriptRow | undefined)[];
  /** The permalinked message's row (null: not in this transcript), when one was asked for. */
  messageRow: number | null;
  messageId: string | null;
}

/** The archived transcript being read, and the last search. */
export interface ArchiveSlice {
  transcript: ArchivedTranscript | null;
  transcriptError: string | null;
  search: SearchState | null;
  /** The first page of a transcript: from the top, or the page holding `messageId` (a permalink). */
  loadTranscript(slug: string, messageId?: string | null): Promise<void>;
  /** Makes sure rows `from`..`to` (inclusive) are loaded or on their way. */
  loadRows(from: number, to: number): void;
  runSearch(params: SearchParams): Promise<void>;
  /** The next page of the current search, appended. */
  loadMoreSearch(): Promise<void>;
  clearSearch(): void;
}

/** Rows in the first page (a whole typical jam, so it renders unvirtualised at once) and in each later one. */
export const FIRST_PAGE = 600;
const PAGE = 400;

/** Pages requested for the transcript being read (by first row), so each is asked for once. */
let requested = new Set<number>();
/** The first page being fetched ("slug messageId"), so the jam page and the reader ask once. */
let loading: string | null = null;

export const archiveSlice: StateCreator<Store, [], [], ArchiveSlice> = (set, get) => ({
  transcript: null,
  transcriptError: null,
  search: null,
  async loadTranscript(slug, messageId = null) {
    const current = get().transcript;
    if (current?.jam.slug === slug && current.messageId === messageId) return;
    // Already on its way (the jam page asks before the reader's code has loaded).
    if (loading === `${slug} ${messageId}`) return;
    loading = `${slug} ${messageId}`;
    requested = new Set();
    // Another jam: its search goes too (a permalink within the jam keeps it).
    set({ transcript: null, transcriptError: null, ...(current?.jam.slug !== slug && { search: null }) });
    try {
      const page = await jamsApi.transcriptRows(slug, { offset: 0, limit: FIRST_PAGE, ...(messageId ? { message: messageId } : {}) });
      const rows: (TranscriptRow | undefined)[] = new Array(page.rowCount);
      page.rows.forEach((row, i) => (rows[page.offset + i] = row));
      requested.add(page.offset);
      const { rows: _, offset: __, ...outline } = page;
      if (loading === `${slug} ${messageId}`) set({ transcript: { ...outline, rows, messageId }, transcriptError: null });
    } catch (error) {
      if (loading === `${slug} ${messageId}`) set({ transcriptError: describeError(toApiError(error)) });
    } finally {
      if (loading === `${slug} ${messageId}`) loading = null;
    }
  },
  loadRows(from, to) {
    const transcript = get().transcript;
    if (!transcript) return;
    for (let first = Math.max(0, from); first <= Math.min(to, transcript.rowCount - 1); first++) {
      if (transcript.rows[first]) continue;
      // The missing stretch from here, a page at most.
      const start = first;
      let end = start;
      while (end + 1 < transcript.rowCount && end + 1 - start < PAGE && !transcript.rows[end + 1]) end++;
      first = end;
      const asked = requested;
      if (asked.has(start)) continue;
      asked.add(start);
      const { slug } = transcript.jam;
      jamsApi.transcriptRows(slug, { offset: start, limit: end - start + 1 }).then(
        (page) =>
          set((state) => {
            if (state.transcript?.jam.slug !== slug || state.transcript.rowCount !== page.rowCount) return {};
            const rows = state.transcript.rows.slice();
            page.rows.forEach((row, i) => (rows[page.offset + i] = row));
            return { transcript: { ...state.transcript, rows } };
          }),
        // Asked again when the reader comes back to it.
        () => asked.delete(start),
      );
    }
  },
  async runSearch(params) {
    const scope = params.jam ? 'jam' : params.series ? 'series' : 'all';
    if (!params.text.trim()) return set({ search: null });
    const base: SearchState = { params, text: params.text, scope, hits: [], nextCursor: null, loading: true, loadingMore: false, error: null };
    set({ search: base });
    try {
      const { hits, nextCursor } = await searchApi.search(params);
      if (get().search?.params === params) set({ search: { ...base, hits, nextCursor, loading: false } });
    } catch (error) {
      if (get().search?.params === params) set({ search: { ...base, loading: false, error: describeError(toApiError(error)) } });
    }
  },
  async loadMoreSearch() {
    const current = get().search;
    if (!current?.nextCursor || current.loadingMore) return;
    set({ search: { ...current, loadingMore: true, error: null } });
    try {
      const { hits, nextCursor } = await searchApi.search(current.params, current.nextCursor);
      const now = get().search;
      if (now?.params === current.params) set({ search: { ...now, hits: [...now.hits, ...hits], nextCursor, loadingMore: false } });
    } catch (error) {
      const now = get().search;
      if (now?.params === current.params) set({ search: { ...now, loadingMore: false, error: describeError(toApiError(error)) } });
    }
  },
  clearSearch() {
    set({ search: null });
  },
});
