import { z } from '../zod.ts';
import { blueskyLinkSchema, bridgeCallbackQuerySchema, bridgeMirrorSchema, mastodonLinkSchema } from '../bridges.ts';
import { bridgeNetworkSchema, bridgeStatusSchema, mirrorChoiceSchema, networkBridgeStatusSchema } from '../bridges.ts';
import { defineRoute } from './define.ts';
import { slugParams } from './params.ts';

const x = 'X bridge';
const open = 'Bluesky and Mastodon bridges';
const networkParams = slugParams.extend({ network: bridgeNetworkSchema });
const authorize = z.object({ authorizeUrl: z.string().describe("The network's consent page: send the owner's browser there") });
const mirrors = z.object({ mirrors: z.array(mirrorChoiceSchema) });
const callbackNote = "A browser navigation back from the network's consent page: always answers 303 to the host console, which shows how it went.";

export const xRoutes = {
  status: defineRoute({ method: 'get', path: '/api/series/:slug/x', summary: "The series' X bridge", tag: x, auth: 'user', permission: 'series:manage', params: slugParams, status: 200, response: z.object({ bridge: bridgeStatusSchema }), errors: ['not_found'] }),
  link: defineRoute({ method: 'post', path: '/api/series/:slug/x/link', summary: "Start linking an X account (OAuth 2.0 with PKCE)", tag: x, auth: 'user', permission: 'series:own', params: slugParams, status: 201, response: authorize, errors: ['not_found'] }),
  unlink: defineRoute({ method: 'delete', path: '/api/series/:slug/x', summary: 'Unlink the X account', tag: x, auth: 'user', permission: 'series:own', params: slugParams, status: 200, response: z.object({ bridge: bridgeStatusSchema }), errors: ['not_found'] }),
  mirror: defineRoute({ method: 'get', path: '/api/series/:slug/x/mirror', summary: 'Whether your own posts are mirrored to X', tag: x, auth: 'user', params: slugParams, status: 200, response: z.object({ mirror: z.object({ enabled: z.boolean() }) }), errors: ['not_found'] }),
  setMirror: defineRoute({
    method: 'put',
    path: '/api/series/:slug/x/mirror',
    summary: 'Mirror (or stop mirroring) your own posts to X',
    tag: x,
    auth: 'user',
    params: slugParams,
    body: bridgeMirrorSchema,
    status: 200,
    response: z.object({ mirror: z.object({ enabled: z.boolean() }) }),
    errors: ['not_found'],
  }),
  callback: defineRoute({ method: 'get', path: '/api/x/callback', summary: "X's OAuth redirect", description: callbackNote, tag: x, auth: 'public', query: bridgeCallbackQuerySchema, status: 303 }),
};

export const bridgeRoutes = {
  statuses: defineRoute({
    method: 'get',
    path: '/api/series/:slug/bridges',
    summary: "The series' Bluesky and Mastodon bridges",
    tag: open,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    status: 200,
    response: z.object({ bridges: z.array(networkBridgeStatusSchema) }),
    errors: ['not_found'],
  }),
  linkBluesky: defineRoute({
    method: 'post',
    path: '/api/series/:slug/bridges/bluesky/link',
    summary: 'Link a Bluesky account with an app password',
    tag: open,
    auth: 'user',
    permission: 'series:own',
    params: slugParams,
    body: blueskyLinkSchema,
    status: 201,
    response: z.object({ bridge: networkBridgeStatusSchema }),
    errors: ['not_found'],
  }),
  linkMastodon: defineRoute({
    method: 'post',
    path: '/api/series/:slug/bridges/mastodon/link',
    summary: 'Start linking a Mastodon account (OAuth on your instance)',
    tag: open,
    auth: 'user',
    permission: 'series:own',
    params: slugParams,
    body: mastodonLinkSchema,
    status: 201,
    response: authorize,
    errors: ['not_found'],
  }),
  unlink: defineRoute({
    method: 'delete',
    path: '/api/series/:slug/bridges/:network',
    summary: "Unlink a network's account",
    tag: open,
    auth: 'user',
    permission: 'series:own',
    params: networkParams,
    status: 200,
    response: z.object({ bridge: networkBridgeStatusSchema }),
    errors: ['not_found'],
  }),
  mirrors: defineRoute({
    method: 'get',
    path: '/api/series/:slug/bridges/mirror',
    summary: 'Whether your own posts are mirrored to each network',
    tag: open,
    auth: 'user',
    params: slugParams,
    status: 200,
    response: mirrors,
    errors: ['not_found'],
  }),
  setMirror: defineRoute({
    method: 'put',
    path: '/api/series/:slug/bridges/:network/mirror',
    summary: 'Mirror (or stop mirroring) your own posts to one network',
    tag: open,
    auth: 'user',
    params: networkParams,
    body: bridgeMirrorSchema,
    status: 200,
    response: mirrors,
    errors: ['not_found'],
  }),
  callback: defineRoute({
    method: 'get',
    path: '/api/bridges/:network/callback',
    summary: "A Mastodon instance's OAuth redirect",
    description: callbackNote,
    tag: open,
    auth: 'public',
    params: z.object({ network: bridgeNetworkSchema }),
    query: bridgeCallbackQuerySchema,
    status: 303,
  }),
};
