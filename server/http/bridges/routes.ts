import type { Response } from 'express';
import { bridgeRoutes as routes } from '../../../shared/api/bridges.ts';
import type { BridgeCallbackQuery } from '../../../shared/bridges.ts';
import type { BridgeNetwork } from '../../../shared/bridges.ts';
import type { OpenBridges } from '../../bridge/shape/bridges.ts';
import type { UserRow } from '../../store/users.ts';
import { isAppError } from '../../errors.ts';
import { originOf, requireUser } from '../edge.ts';
import { implement, type Implementation, type RouteContext } from '../routing.ts';

/** Where the host lands after the instance's consent screen: the console, told how it went. */
const consoleUrl = (path: string, outcome: Record<string, string>) => `${path}?${new URLSearchParams(outcome).toString()}`;

/**
 * /api/series/:slug/bridges (status of every open network), …/bridges/<network>/link, unlink,
 * everyone's own mirror choices, and /api/bridges/:network/callback (an instance's OAuth redirect).
 */
export function bridgeRoutes(bridges: OpenBridges): Implementation[] {
  const link = (network: BridgeNetwork, user: UserRow, slug: string, body: unknown, { req }: RouteContext) => bridges.link(user, slug, network, body, `${originOf(req)}/api/bridges/${network}/callback`);
  /** Where the host lands: the linked series' page, or (failures) the series page that started the link, else the console's home. */
  const landing = async (network: BridgeNetwork, query: BridgeCallbackQuery, res: Response): Promise<string> => {
    const slug = query.state ? await bridges.seriesOfOauthState(query.state) : null;
    const failed = (reason: string) => consoleUrl(slug ? `/host/series/${slug}` : '/host', { bridge: network, outcome: 'error', reason });
    if ('error' in query) return failed(query.error_description ?? query.error);
    try {
      const linked = await bridges.completeLink(requireUser(res), query);
      return consoleUrl(`/host/series/${linked.slug}`, { bridge: linked.network, outcome: 'linked' });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return failed(error.message);
    }
  };
  return [
    implement(routes.statuses, async ({ user, params }) => ({ bridges: await bridges.statuses(user, params.slug) })),
    implement(routes.linkBluesky, async ({ user, params, body }, ctx) => {
      const result = await link('bluesky', user, params.slug, body, ctx);
      if (!('status' in result)) throw new Error('Bluesky links by app password, never by OAuth');
      return { bridge: result.status };
    }),
    implement(routes.linkMastodon, async ({ user, params, body }, ctx) => {
      const result = await link('mastodon', user, params.slug, body, ctx);
      if (!('authorizeUrl' in result)) throw new Error('Mastodon links by OAuth');
      return { authorizeUrl: result.authorizeUrl };
    }),
    implement(routes.unlink, async ({ user, params }) => ({ bridge: await bridges.unlink(user, params.slug, params.network) })),
    implement(routes.mirrors, async ({ user, params }) => ({ mirrors: await bridges.mirrors(user, params.slug) })),
    implement(routes.setMirror, async ({ user, params, body }) => ({ mirrors: await bridges.mirrors(user, params.slug, { network: params.network, enabled: body.enabled }) })),
    // A browser navigation back from the instance: answer with a redirect to the console, not a JSON error page.
    implement(routes.callback, async ({ params, query }, { res, answered }) => {
      res.redirect(303, await landing(params.network, query, res));
      return answered();
    }),
  ];
}
