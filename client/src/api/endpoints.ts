import type { JamSummary, JamView, MessageView, SearchHit, SeriesView, ShowState, Transcript, UserView } from '../../../shared/model.ts';
import type { CreateJamInput, CreateSeriesInput, UpdateJamInput, UpdateSeriesInput } from '../../../shared/schemas.ts';
import { get, patch, post } from './http.ts';
import type { ViewerState as Viewer } from '../../../shared/moderation.ts';
import type { BridgeStatus as BridgeState } from '../../../shared/model.ts';

/** The documented HTTP API, one function per endpoint the client uses. */

/** The caller's standing in a jam, and the X bridge's state, as the server presents them. */
export type { BridgeState, Viewer };

const q = (params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
};

export const auth = {
  me: () => get<{ user: UserView }>('/api/auth/me'),
  signIn: (handle: string, password: string) => post<{ user: UserView }>('/api/auth/signin', { handle, password }),
  signUp: (handle: string, password: string, displayName?: string) => post<{ user: UserView }>('/api/auth/signup', { handle, password, displayName: displayName || undefined }),
  signOut: () => post<void>('/api/auth/signout'),
};

export const jamsApi = {
  list: (params: { status?: string; series?: string; limit?: number } = {}) => get<{ jams: JamSummary[] }>(`/api/jams${q(params)}`),
  view: (slug: string) => get<{ jam: JamView; viewer?: Viewer | null }>(`/api/jams/${slug}`),
  update: (slug: string, input: UpdateJamInput) => patch<{ jam: JamView }>(`/api/jams/${slug}`, input),
  control: (slug: string, action: string, minutes?: number) => post<{ show: ShowState }>(`/api/jams/${slug}/show`, { action, minutes }),
  messages: (slug: string, after: number, limit: number) => get<{ messages: MessageView[]; lastSeq: number }>(`/api/jams/${slug}/messages${q({ after, limit })}`),
  transcript: (slug: string) => get<Transcript>(`/api/jams/${slug}/transcript.json`),
};

export const seriesApi = {
  list: () => get<{ series: SeriesView[] }>('/api/series'),
  view: (slug: string) => get<{ series: SeriesView; jams: JamSummary[] }>(`/api/series/${slug}`),
  create: (input: Partial<CreateSeriesInput>) => post<{ series: SeriesView }>('/api/series', input),
  update: (slug: string, input: UpdateSeriesInput) => patch<{ series: SeriesView }>(`/api/series/${slug}`, input),
  createJam: (slug: string, input: Partial<CreateJamInput>) => post<{ jam: JamView }>(`/api/series/${slug}/jams`, input),
  acceptRules: (slug: string) => post<{ accepted: boolean }>(`/api/series/${slug}/rules/accept`),
  bridge: (slug: string) => get<{ bridge: BridgeState }>(`/api/series/${slug}/x`),
};

export const searchApi = {
  search: (text: string, jam?: string, limit = 30) => get<{ query: string; hits: SearchHit[] }>(`/api/search${q({ q: text, jam, limit })}`),
};

/** Where a transcript download lives (the server sets Content-Disposition: attachment). */
export const transcriptUrl = (slug: string, format: 'md' | 'html' | 'json' | 'csv') => `/api/jams/${slug}/transcript.${format}?download`;
