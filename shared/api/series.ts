import { z } from '../zod.ts';
import { jamSummarySchema, jamViewSchema, seriesViewSchema } from '../model.ts';
import { createJamSchema, createSeriesSchema, updateSeriesSchema } from '../model.ts';
import { defineRoute } from './define.ts';
import { slugParams } from './params.ts';

const tag = 'Series';

export const seriesRoutes = {
  list: defineRoute({ method: 'get', path: '/api/series', summary: 'Every series', tag, auth: 'public', status: 200, response: z.object({ series: z.array(seriesViewSchema) }) }),
  create: defineRoute({
    method: 'post',
    path: '/api/series',
    summary: 'Create a series and reserve its hashtag',
    tag,
    auth: 'user',
    body: createSeriesSchema,
    status: 201,
    response: z.object({ series: seriesViewSchema }),
    errors: ['conflict'],
  }),
  view: defineRoute({
    method: 'get',
    path: '/api/series/:slug',
    summary: 'A series and its jams (newest first, up to 100)',
    tag,
    auth: 'public',
    params: slugParams,
    status: 200,
    response: z.object({ series: seriesViewSchema, jams: z.array(jamSummarySchema) }),
    errors: ['not_found'],
  }),
  update: defineRoute({
    method: 'patch',
    path: '/api/series/:slug',
    summary: 'Edit a series (name, description, rules, zone, default duration)',
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    body: updateSeriesSchema,
    status: 200,
    response: z.object({ series: seriesViewSchema }),
    errors: ['not_found'],
  }),
  createJam: defineRoute({
    method: 'post',
    path: '/api/series/:slug/jams',
    summary: 'Schedule a jam of the series',
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    body: createJamSchema,
    status: 201,
    response: z.object({ jam: jamViewSchema }),
    errors: ['not_found', 'conflict'],
  }),
};
