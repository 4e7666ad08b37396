import { z } from '../zod.ts';
import { createWebhookSchema, deliveriesQuerySchema, webhookDeliveryViewSchema, webhookIdSchema, webhookViewSchema } from '../webhooks.ts';
import { defineRoute } from './define.ts';
import { slugParams } from './params.ts';

const tag = 'Webhooks';
const idParams = slugParams.extend({ id: webhookIdSchema });
/** The signing secret is shown only when created or rotated. */
const withSecret = z.object({ webhook: webhookViewSchema, secret: z.string().describe('The HMAC signing secret: shown only now') });

export const webhookRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/series/:slug/webhooks',
    summary: "A series' webhooks",
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    status: 200,
    response: z.object({ webhooks: z.array(webhookViewSchema) }),
    errors: ['not_found'],
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/series/:slug/webhooks',
    summary: 'Add a signed outbound webhook',
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    body: createWebhookSchema,
    status: 201,
    response: withSecret,
    errors: ['not_found'],
  }),
  deliveries: defineRoute({
    method: 'get',
    path: '/api/series/:slug/webhooks/deliveries',
    summary: 'The delivery log, newest first',
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: slugParams,
    query: deliveriesQuerySchema,
    status: 200,
    response: z.object({ deliveries: z.array(webhookDeliveryViewSchema) }),
    errors: ['not_found'],
  }),
  test: defineRoute({
    method: 'post',
    path: '/api/series/:slug/webhooks/:id/test',
    summary: 'Queue a test delivery (event webhook.ping)',
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: idParams,
    status: 202,
    response: z.object({ deliveryId: z.string() }),
    errors: ['not_found'],
  }),
  rotateSecret: defineRoute({
    method: 'post',
    path: '/api/series/:slug/webhooks/:id/secret',
    summary: "Rotate a webhook's signing secret",
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: idParams,
    status: 200,
    response: withSecret,
    errors: ['not_found'],
  }),
  remove: defineRoute({
    method: 'delete',
    path: '/api/series/:slug/webhooks/:id',
    summary: 'Remove a webhook',
    tag,
    auth: 'user',
    permission: 'series:manage',
    params: idParams,
    status: 204,
    errors: ['not_found'],
  }),
};
