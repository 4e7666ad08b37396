import { Router } from 'express';
import { boostSchema, createJamSchema, listJamsQuerySchema, listMessagesQuerySchema, messageIdSchema, moderateSchema, postMessageSchema, showControlSchema, slugSchema, updateJamSchema } from '../../../shared/schemas.ts';
import type { Services } from '../../services.ts';
import { parse, requireUser, route, slugOf, userOf } from '../edge.ts';

/** /api/jams: jams, their run of show, and their live stream over HTTP. */
export function jamRoutes({ jams, show, posting, moderation, boosts, standing }: Services): Router {
  const router = Router();

  router.get(
    '/',
    route(async (req, res) => {
      const query = parse(listJamsQuerySchema, req.query);
      res.json({ jams: await jams.list({ status: query.status, seriesSlug: query.series, limit: query.limit }) });
    }),
  );

  /** Same as POST /api/series/:slug/jams with the series named in the body: `{ "series": "<slug>", ...jam }`. */
  router.post(
    '/',
    route(async (req, res) => {
      const user = requireUser(res);
      const seriesSlug = parse(slugSchema, (req.body as { series?: unknown } | undefined)?.series, 'series');
      res.status(201).json({ jam: await jams.create(user, seriesSlug, parse(createJamSchema, req.body)) });
    }),
  );

  router.get(
    '/:slug',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      const [jam, viewer] = await Promise.all([jams.view(slug), standing.viewerIn(slug, userOf(res))]);
      res.json({ jam, viewer });
    }),
  );

  router.patch(
    '/:slug',
    route(async (req, res) => {
      const user = requireUser(res);
      res.json({ jam: await jams.update(user, slugOf(req.params), parse(updateJamSchema, req.body)) });
    }),
  );

  router.post(
    '/:slug/show',
    route(async (req, res) => {
      const user = requireUser(res);
      const input = parse(showControlSchema, req.body);
      res.json({ show: await show.control(user, slugOf(req.params), input.action, input.minutes) });
    }),
  );

  router.get(
    '/:slug/messages',
    route(async (req, res) => {
      const query = parse(listMessagesQuerySchema, req.query);
      res.json(await jams.messages(slugOf(req.params), userOf(res), query.after, query.limit));
    }),
  );

  router.post(
    '/:slug/messages',
    route(async (req, res) => {
      const user = requireUser(res);
      const result = await posting.post(user, slugOf(req.params), parse(postMessageSchema, req.body));
      res.status(result.duplicate ? 200 : 201).json(result);
    }),
  );

  router.post(
    '/:slug/messages/:id/moderation',
    route(async (req, res) => {
      const user = requireUser(res);
      const id = parse(messageIdSchema, req.params.id, 'id');
      const input = parse(moderateSchema, req.body);
      res.json({ message: await moderation.moderate(user, slugOf(req.params), id, input.action, input.reason) });
    }),
  );

  router.post(
    '/:slug/messages/:id/boost',
    route(async (req, res) => {
      const user = requireUser(res);
      const id = parse(messageIdSchema, req.params.id, 'id');
      const input = parse(boostSchema, req.body);
      res.json({ message: await boosts.boost(user, slugOf(req.params), id, input.boosted) });
    }),
  );

  return router;
}
