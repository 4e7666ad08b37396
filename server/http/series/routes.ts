import { Router } from 'express';
import { createJamSchema, createSeriesSchema, slugSchema, updateSeriesSchema } from '../../../shared/schemas.ts';
import type { Services } from '../../services.ts';
import { parse, requireUser, route } from '../edge.ts';

/** /api/series: the recurring chats and their reserved hashtags. */
export function seriesRoutes({ series, jams }: Services): Router {
  const router = Router();

  router.get(
    '/',
    route(async (_req, res) => {
      res.json({ series: await series.list() });
    }),
  );

  router.post(
    '/',
    route(async (req, res) => {
      const user = requireUser(res);
      const input = parse(createSeriesSchema, req.body);
      res.status(201).json({ series: await series.create(user, input) });
    }),
  );

  router.get(
    '/:slug',
    route(async (req, res) => {
      const slug = parse(slugSchema, req.params.slug, 'slug');
      const [view, seriesJams] = await Promise.all([series.get(slug), jams.list({ seriesSlug: slug, limit: 100 })]);
      res.json({ series: view, jams: seriesJams });
    }),
  );

  router.patch(
    '/:slug',
    route(async (req, res) => {
      const user = requireUser(res);
      const slug = parse(slugSchema, req.params.slug, 'slug');
      res.json({ series: await series.update(user, slug, parse(updateSeriesSchema, req.body)) });
    }),
  );

  router.post(
    '/:slug/jams',
    route(async (req, res) => {
      const user = requireUser(res);
      const slug = parse(slugSchema, req.params.slug, 'slug');
      const input = parse(createJamSchema, req.body);
      res.status(201).json({ jam: await jams.create(user, slug, input) });
    }),
  );

  return router;
}
