import { z } from '../zod.ts';
import { cannedPostSchema, cannedPostsSchema, inviteIdSchema, inviteSummarySchema } from '../console.ts';
import { defineRoute } from './define.ts';
import { slugParams } from './params.ts';

const tag = 'Host console';
const posts = z.object({ posts: z.array(cannedPostSchema) });

export const consoleRoutes = {
  cannedPosts: defineRoute({
    method: 'get',
    path: '/api/series/:slug/canned-posts',
    summary: "A series' quick posts for the host composer",
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    status: 200,
    response: posts,
    errors: ['not_found'],
  }),
  saveCannedPosts: defineRoute({
    method: 'put',
    path: '/api/series/:slug/canned-posts',
    summary: "Replace a series' quick posts (the whole list, in order)",
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    body: cannedPostsSchema,
    status: 200,
    response: posts,
    errors: ['not_found'],
  }),
  invites: defineRoute({
    method: 'get',
    path: '/api/jams/:slug/invites',
    summary: "A jam's panelist invite links",
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams,
    status: 200,
    response: z.object({ invites: z.array(inviteSummarySchema) }),
    errors: ['not_found'],
  }),
  revokeInvite: defineRoute({
    method: 'delete',
    path: '/api/jams/:slug/invites/:id',
    summary: 'Revoke an invite link',
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams.extend({ id: inviteIdSchema }),
    status: 204,
    errors: ['not_found'],
  }),
};
