import { z } from '../zod.ts';
import { publishRecapSchema, recapDraftViewSchema, recapSearchSchema, recapSummarySchema, recapViewSchema, saveRecapDraftSchema } from '../recaps.ts';
import { defineRoute } from './define.ts';
import { downloadQuery, slugParams } from './params.ts';

const tag = 'Recaps';
const draft = z.object({ draft: recapDraftViewSchema });

/** One format of the published recap's export. */
const recapExport = <const F extends string>(format: F, type: string, summary: string) =>
  defineRoute({
    method: 'get',
    path: `/api/jams/:slug/recap.${format}`,
    summary,
    tag,
    auth: 'public',
    params: slugParams,
    query: downloadQuery,
    status: 200,
    content: { type },
    errors: ['not_found'],
  });

export const recapRoutes = {
  draft: defineRoute({
    method: 'get',
    path: '/api/jams/:slug/recap/draft',
    summary: "The host's working copy of a jam's recap",
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams,
    status: 200,
    response: draft,
    errors: ['not_found'],
  }),
  save: defineRoute({
    method: 'put',
    path: '/api/jams/:slug/recap/draft',
    summary: 'Save the draft (send the version it was edited from; a stale one is a conflict)',
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams,
    body: saveRecapDraftSchema,
    status: 200,
    response: draft,
    errors: ['not_found', 'conflict'],
  }),
  publish: defineRoute({
    method: 'post',
    path: '/api/jams/:slug/recap/publish',
    summary: 'Publish a saved draft version',
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams,
    body: publishRecapSchema,
    status: 201,
    response: z.object({ recap: recapViewSchema }),
    errors: ['not_found', 'conflict'],
  }),
  acknowledgeHidden: defineRoute({
    method: 'post',
    path: '/api/jams/:slug/recap/hidden-notice/ack',
    summary: 'Dismiss the notice about quoted messages hidden since publication',
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams,
    status: 200,
    response: draft,
    errors: ['not_found'],
  }),
  view: defineRoute({
    method: 'get',
    path: '/api/jams/:slug/recap',
    summary: "A jam's published recap",
    tag,
    auth: 'public',
    params: slugParams,
    status: 200,
    response: z.object({ recap: recapViewSchema }),
    errors: ['not_found'],
  }),
  markdown: recapExport('md', 'text/markdown', 'The published recap as Markdown'),
  html: recapExport('html', 'text/html', 'The published recap as a self-contained HTML page'),
  ofSeries: defineRoute({
    method: 'get',
    path: '/api/series/:slug/recaps',
    summary: "A series' published recaps",
    tag,
    auth: 'public',
    params: slugParams,
    status: 200,
    response: z.object({ recaps: z.array(recapSummarySchema) }),
    errors: ['not_found'],
  }),
  search: defineRoute({
    method: 'get',
    path: '/api/recaps',
    summary: 'Search published recaps',
    tag,
    auth: 'public',
    query: recapSearchSchema,
    status: 200,
    response: z.object({ query: z.string(), recaps: z.array(recapSummarySchema) }),
  }),
};
