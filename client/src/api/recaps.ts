import { routes } from '../../../shared/api/routes.ts';
import type { EmbedSettingsInput } from '../../../shared/embeds.ts';
import type { SaveRecapDraftInput } from '../../../shared/recaps.ts';
import { call, routeUrl } from './http.ts';

/** Recap stories and embed settings (docs/API.md "Recaps" and "Embeds"). */
export const recapsApi = {
  view: (slug: string) => call(routes.recaps.view, { params: { slug } }),
  draft: (slug: string) => call(routes.recaps.draft, { params: { slug } }),
  save: (slug: string, body: SaveRecapDraftInput) => call(routes.recaps.save, { params: { slug }, body }),
  publish: (slug: string, version: number) => call(routes.recaps.publish, { params: { slug }, body: { version } }),
  acknowledgeHidden: (slug: string) => call(routes.recaps.acknowledgeHidden, { params: { slug } }),
  ofSeries: (slug: string) => call(routes.recaps.ofSeries, { params: { slug } }),
  search: (q: string) => call(routes.recaps.search, { query: { q } }),
};

/** Where a recap export lives. */
export const recapExportUrl = (slug: string, format: 'md' | 'html') => `${routeUrl(format === 'md' ? routes.recaps.markdown : routes.recaps.html, { params: { slug } })}?download`;

export const embedsApi = {
  settings: (slug: string) => call(routes.embeds.settings, { params: { slug } }),
  update: (slug: string, body: EmbedSettingsInput) => call(routes.embeds.update, { params: { slug }, body }),
};
