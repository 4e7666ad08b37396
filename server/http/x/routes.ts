import type { Response } from 'express';
import { xRoutes as routes } from '../../../shared/api/bridges.ts';
import type { BridgeCallbackQuery } from '../../../shared/bridges.ts';
import type { XBridge } from '../../bridge/bridge.ts';
import { isAppError } from '../../errors.ts';
import { originOf, requireUser } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';

/** Where the owner lands after X's consent screen: the host console, told how it went. */
const consoleUrl = (outcome: Record<string, string>) => `/host?${new URLSearchParams(outcome).toString()}`;

/** /api/series/:slug/x (link, status, unlink, mirror preference) and /api/x/callback (X's redirect). */
export function xRoutes(bridge: XBridge): Implementation[] {
  /** How linking went, for the console: X's own refusal, the link made, or why it failed. */
  const outcome = async (query: BridgeCallbackQuery, res: Response): Promise<Record<string, string>> => {
    if ('error' in query) return { x: 'error', reason: query.error_description ?? query.error };
    try {
      return { x: 'linked', series: await bridge.completeLink(requireUser(res), query) };
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { x: 'error', reason: error.message };
    }
  };
  return [
    implement(routes.status, async ({ user, params }) => ({ bridge: await bridge.status(user, params.slug) })),
    implement(routes.link, async ({ user, params }, { req }) => {
      const { url } = await bridge.startLink(user, params.slug, `${originOf(req)}/api/x/callback`);
      return { authorizeUrl: url };
    }),
    implement(routes.unlink, async ({ user, params }) => {
      await bridge.unlink(user, params.slug);
      return { bridge: await bridge.status(user, params.slug) };
    }),
    implement(routes.mirror, async ({ user, params }) => ({ mirror: await bridge.mirror(user, params.slug) })),
    implement(routes.setMirror, async ({ user, params, body }) => ({ mirror: await bridge.mirror(user, params.slug, body.enabled) })),
    // A browser navigation back from X: answer with a redirect to the console, not a JSON error page.
    implement(routes.callback, async ({ query }, { res, answered }) => {
      res.redirect(303, consoleUrl(await outcome(query, res)));
      return answered();
    }),
  ];
}
