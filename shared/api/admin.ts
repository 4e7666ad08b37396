import { z } from '../zod.ts';
import { adminSeriesViewSchema, escalatedReportViewSchema, siteLogEntryViewSchema, suspendAccountSchema, suspensionViewSchema, takeOverSeriesSchema } from '../admin.ts';
import { handleSchema } from '../fields.ts';
import { defineRoute } from './define.ts';
import { slugParams } from './params.ts';

const tag = 'Site administration';

export const adminRoutes = {
  series: defineRoute({
    method: 'get',
    path: '/api/admin/series',
    summary: 'Every series, with abandoned ones marked',
    tag,
    auth: 'admin',
    status: 200,
    response: z.object({ series: z.array(adminSeriesViewSchema) }),
  }),
  takeOver: defineRoute({
    method: 'post',
    path: '/api/admin/series/:slug/takeover',
    summary: 'Take over an abandoned series (recorded with the reason)',
    tag,
    auth: 'admin',
    params: slugParams,
    body: takeOverSeriesSchema,
    status: 200,
    response: z.object({ series: adminSeriesViewSchema }),
    errors: ['not_found'],
  }),
  suspensions: defineRoute({
    method: 'get',
    path: '/api/admin/suspensions',
    summary: 'Suspended accounts',
    tag,
    auth: 'admin',
    status: 200,
    response: z.object({ suspensions: z.array(suspensionViewSchema) }),
  }),
  suspend: defineRoute({
    method: 'post',
    path: '/api/admin/suspensions',
    summary: 'Suspend an account (signs it out everywhere)',
    tag,
    auth: 'admin',
    body: suspendAccountSchema,
    status: 201,
    response: z.object({ suspension: suspensionViewSchema }),
    errors: ['not_found', 'conflict'],
  }),
  lift: defineRoute({
    method: 'delete',
    path: '/api/admin/suspensions/:handle',
    summary: 'Lift a suspension',
    tag,
    auth: 'admin',
    params: z.object({ handle: handleSchema }),
    status: 204,
    errors: ['not_found'],
  }),
  log: defineRoute({
    method: 'get',
    path: '/api/admin/log',
    summary: 'What the site operators did: suspensions, lifted suspensions, take-overs (newest 200)',
    tag,
    auth: 'admin',
    status: 200,
    response: z.object({ entries: z.array(siteLogEntryViewSchema) }),
  }),
  reports: defineRoute({
    method: 'get',
    path: '/api/admin/reports',
    summary: 'Reports escalated to the site operators',
    tag,
    auth: 'admin',
    status: 200,
    response: z.object({ reports: z.array(escalatedReportViewSchema) }),
  }),
};
