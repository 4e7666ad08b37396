import { z } from '../zod.ts';
import { embedSettingsSchema, embedSettingsViewSchema, oembedQuerySchema, oembedResponseSchema } from '../embeds.ts';
import { defineRoute } from './define.ts';
import { slugParams } from './params.ts';

const tag = 'Embeds';
const embed = z.object({ embed: embedSettingsViewSchema });

export const embedRoutes = {
  settings: defineRoute({
    method: 'get',
    path: '/api/series/:slug/embed',
    summary: "Which sites may frame a series' widgets",
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    status: 200,
    response: embed,
    errors: ['not_found'],
  }),
  update: defineRoute({
    method: 'put',
    path: '/api/series/:slug/embed',
    summary: "Set which sites may frame a series' widgets",
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    body: embedSettingsSchema,
    status: 200,
    response: embed,
    errors: ['not_found'],
  }),
  oembed: defineRoute({
    method: 'get',
    path: '/oembed',
    summary: 'oEmbed for a jam or recap URL (JSON only; any other format answers 501)',
    description: 'Served with `Access-Control-Allow-Origin: *`.',
    tag,
    auth: 'public',
    query: oembedQuerySchema,
    status: 200,
    response: oembedResponseSchema,
    errors: ['not_found'],
    otherErrors: [{ status: 501, description: 'A format other than json (the oEmbed spec answers 501)' }],
  }),
  widget: defineRoute({
    method: 'get',
    path: '/embed/jams/:slug',
    summary: 'The live widget page, to frame (only sites the series allows may)',
    tag,
    auth: 'public',
    params: z.object({ slug: z.string() }),
    status: 200,
    content: { type: 'text/html' },
  }),
  card: defineRoute({
    method: 'get',
    path: '/embed/jams/:slug/card',
    summary: 'The archive/recap card page, to frame (only sites the series allows may)',
    tag,
    auth: 'public',
    params: z.object({ slug: z.string() }),
    status: 200,
    content: { type: 'text/html' },
  }),
};
