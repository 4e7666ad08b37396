import { Router } from 'express';
import type { XBridge } from '../../bridge/bridge.ts';
import { isAppError } from '../../errors.ts';
import { originOf, parse, requireUser, route, slugOf } from '../edge.ts';
import { xCallbackQuerySchema, xMirrorSchema } from './schema.ts';

/** Where the owner lands after X's consent screen: the host console, told how it went. */
const consoleUrl = (outcome: Record<string, string>) => `/host?${new URLSearchParams(outcome).toString()}`;

/** /api/series/:slug/x (link, status, unlink, mirror preference) and /api/x/callback (X's redirect). */
export function xRoutes(bridge: XBridge): Router {
  const router = Router();

  router.get(
    '/series/:slug/x',
    route(async (req, res) => {
      res.json({ bridge: await bridge.status(requireUser(res), slugOf(req.params)) });
    }),
  );

  router.post(
    '/series/:slug/x/link',
    route(async (req, res) => {
      const user = requireUser(res);
      const { url } = await bridge.startLink(user, slugOf(req.params), `${originOf(req)}/api/x/callback`);
      res.status(201).json({ authorizeUrl: url });
    }),
  );

  router.delete(
    '/series/:slug/x',
    route(async (req, res) => {
      const user = requireUser(res);
      const slug = slugOf(req.params);
      await bridge.unlink(user, slug);
      res.json({ bridge: await bridge.status(user, slug) });
    }),
  );

  router.get(
    '/series/:slug/x/mirror',
    route(async (req, res) => {
      res.json({ mirror: await bridge.mirror(requireUser(res), slugOf(req.params)) });
    }),
  );

  router.put(
    '/series/:slug/x/mirror',
    route(async (req, res) => {
      const user = requireUser(res);
      const input = parse(xMirrorSchema, req.body);
      res.json({ mirror: await bridge.mirror(user, slugOf(req.params), input.enabled) });
    }),
  );

  // A browser navigation back from X: answer with a redirect to the console, not a JSON error page.
  router.get(
    '/x/callback',
    route(async (req, res) => {
      const query = parse(xCallbackQuerySchema, req.query);
      if ('error' in query) return res.redirect(303, consoleUrl({ x: 'error', reason: query.error_description ?? query.error }));
      try {
        const slug = await bridge.completeLink(requireUser(res), query);
        res.redirect(303, consoleUrl({ x: 'linked', series: slug }));
      } catch (error) {
        if (!isAppError(error)) throw error;
        res.redirect(303, consoleUrl({ x: 'error', reason: error.message }));
      }
    }),
  );

  return router;
}
