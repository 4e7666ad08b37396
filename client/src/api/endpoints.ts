import { routes } from '../../../shared/api/routes.ts';
import type { SuspendAccountInput } from '../../../shared/admin.ts';
import type { BridgeStatus as BridgeState } from '../../../shared/bridges.ts';
import type { ViewerState as Viewer } from '../../../shared/moderation.ts';
import type { CreateJamInput, CreateSeriesInput, ShowAction, UpdateJamInput, UpdateSeriesInput } from '../../../shared/model.ts';
import { call, routeUrl } from './http.ts';

/**
 * The HTTP API as the client uses it: one function per route of the map (shared/api/routes.ts),
 * each typed from the route's schemas.
 */

/** The caller's standing in a jam, and the X bridge's state, as the server presents them. */
export type { BridgeState, Viewer };

export const auth = {
  me: () => call(routes.auth.me),
  signIn: (handle: string, password: string) => call(routes.auth.signIn, { body: { handle, password } }),
  signUp: (handle: string, password: string, displayName?: string) => call(routes.auth.signUp, { body: { handle, password, displayName: displayName || undefined } }),
  signOut: () => call(routes.auth.signOut),
};

export const jamsApi = {
  list: (query: { status?: 'scheduled' | 'live' | 'ended'; series?: string; limit?: number } = {}) => call(routes.jams.list, { query }),
  view: (slug: string) => call(routes.jams.view, { params: { slug } }),
  update: (slug: string, body: UpdateJamInput) => call(routes.jams.update, { params: { slug }, body }),
  control: (slug: string, action: ShowAction, minutes?: number) => call(routes.jams.control, { params: { slug }, body: { action, minutes } }),
  messages: (slug: string, after: number, limit: number) => call(routes.jams.messages, { params: { slug }, query: { after, limit } }),
  transcript: (slug: string) => call(routes.archive.transcriptJson, { params: { slug } }),
  transcriptRows: (slug: string, query: { offset: number; limit: number; message?: string }) => call(routes.archive.transcriptRows, { params: { slug }, query }),
};

export const seriesApi = {
  list: () => call(routes.series.list),
  view: (slug: string) => call(routes.series.view, { params: { slug } }),
  create: (body: CreateSeriesInput) => call(routes.series.create, { body }),
  update: (slug: string, body: UpdateSeriesInput) => call(routes.series.update, { params: { slug }, body }),
  createJam: (slug: string, body: CreateJamInput) => call(routes.series.createJam, { params: { slug }, body }),
  acceptRules: (slug: string) => call(routes.moderation.acceptRules, { params: { slug } }),
  bridge: (slug: string) => call(routes.x.status, { params: { slug } }),
};

/** What a search asks for (see GET /api/search): words, an optional scope and filters, an order. */
export interface SearchParams {
  text: string;
  jam?: string;
  series?: string;
  author?: string;
  /** Days, `YYYY-MM-DD` (UTC); `to` includes its day. */
  from?: string;
  to?: string;
  sort: 'newest' | 'relevance';
}

export const searchApi = {
  search: ({ text, ...params }: SearchParams, cursor?: string, limit = 30) => call(routes.archive.search, { query: { q: text, ...params, limit, cursor } }),
};

/** Where a transcript download lives (the server sets Content-Disposition: attachment). */
export const transcriptUrl = (slug: string, format: 'md' | 'html' | 'json' | 'csv') => {
  const route = { md: routes.archive.transcriptMarkdown, html: routes.archive.transcriptHtml, json: routes.archive.transcriptJson, csv: routes.archive.transcriptCsv }[format];
  return `${routeUrl(route, { params: { slug } })}?download`;
};

/** Reports, digests and metrics (the JSON documents of docs/API.md "Reports"). */
export const reportsApi = {
  jamReport: (slug: string) => call(routes.reports.jamReportJson, { params: { slug } }),
  digest: (slug: string) => call(routes.reports.digestJson, { params: { slug } }),
  seriesMetrics: (slug: string) => call(routes.reports.seriesMetricsJson, { params: { slug } }),
};

/** Site operators only (ADMIN_HANDLES); the server answers 403 to everyone else. */
export const adminApi = {
  series: () => call(routes.admin.series),
  takeOver: (slug: string, reason: string) => call(routes.admin.takeOver, { params: { slug }, body: { reason } }),
  suspensions: () => call(routes.admin.suspensions),
  suspend: (body: SuspendAccountInput) => call(routes.admin.suspend, { body }),
  lift: (handle: string) => call(routes.admin.lift, { params: { handle } }),
  reports: () => call(routes.admin.reports),
  log: () => call(routes.admin.log),
};
