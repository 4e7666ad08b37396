import { Router } from 'express';
import { createWebhookSchema, deliveriesQuerySchema, webhookIdSchema } from '../../../shared/webhooks.ts';
import type { Services } from '../../services.ts';
import { parse, requireUser, route, slugOf } from '../edge.ts';

/** /api/series/:slug/webhooks: hosts manage signed outbound webhooks and read the delivery log. */
export function webhookRoutes({ webhooks }: Services): Router {
  const router = Router();

  router.get(
    '/series/:slug/webhooks',
    route(async (req, res) => {
      res.json({ webhooks: await webhooks.list(requireUser(res), slugOf(req.params)) });
    }),
  );

  router.post(
    '/series/:slug/webhooks',
    route(async (req, res) => {
      const user = requireUser(res);
      res.status(201).json(await webhooks.create(user, slugOf(req.params), parse(createWebhookSchema, req.body)));
    }),
  );

  router.get(
    '/series/:slug/webhooks/deliveries',
    route(async (req, res) => {
      const user = requireUser(res);
      const query = parse(deliveriesQuerySchema, req.query);
      res.json({ deliveries: await webhooks.deliveries(user, slugOf(req.params), query.limit) });
    }),
  );

  router.delete(
    '/series/:slug/webhooks/:id',
    route(async (req, res) => {
      const user = requireUser(res);
      await webhooks.remove(user, slugOf(req.params), parse(webhookIdSchema, req.params.id, 'id'));
      res.status(204).end();
    }),
  );

  return router;
}
