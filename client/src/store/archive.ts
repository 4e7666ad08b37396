import type { StateCreator } from 'zustand';
import type { SearchHit, Transcript } from '../../../shared/model.ts';
import { jamsApi, searchApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import type { Store } from './index.ts';

/** The archived transcript being read, and the last search. */
export interface ArchiveSlice {
  transcript: Transcript | null;
  transcriptError: string | null;
  search: { text: string; scope: 'jam' | 'all'; hits: SearchHit[]; loading: boolean; error: string | null } | null;
  loadTranscript(slug: string): Promise<void>;
  runSearch(text: string, jamSlug?: string): Promise<void>;
  clearSearch(): void;
}

export const archiveSlice: StateCreator<Store, [], [], ArchiveSlice> = (set, get) => ({
  transcript: null,
  transcriptError: null,
  search: null,
  async loadTranscript(slug) {
    if (get().transcript?.jam.slug !== slug) set({ transcript: null, transcriptError: null });
    try {
      set({ transcript: await jamsApi.transcript(slug), transcriptError: null });
    } catch (error) {
      set({ transcriptError: describeError(toApiError(error)) });
    }
  },
  async runSearch(text, jamSlug) {
    const scope = jamSlug ? 'jam' : 'all';
    if (!text.trim()) return set({ search: null });
    set({ search: { text, scope, hits: [], loading: true, error: null } });
    try {
      const { hits } = await searchApi.search(text, jamSlug);
      if (get().search?.text === text) set({ search: { text, scope, hits, loading: false, error: null } });
    } catch (error) {
      set({ search: { text, scope, hits: [], loading: false, error: describeError(toApiError(error)) } });
    }
  },
  clearSearch() {
    set({ search: null });
  },
});
