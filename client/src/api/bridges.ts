import { routes } from '../../../shared/api/routes.ts';
import type { BlueskyLinkInput } from '../../../shared/bridges.ts';
import type { BridgeNetwork } from '../../../shared/bridges.ts';
import { call } from './http.ts';

/** The Bluesky and Mastodon bridge endpoints (docs/API.md, "Bluesky and Mastodon bridges"), one function each. */
export const bridgesApi = {
  list: (slug: string) => call(routes.bridges.statuses, { params: { slug } }),
  linkBluesky: (slug: string, body: BlueskyLinkInput) => call(routes.bridges.linkBluesky, { params: { slug }, body }),
  startMastodon: (slug: string, instance: string) => call(routes.bridges.linkMastodon, { params: { slug }, body: { instance } }),
  unlink: (slug: string, network: BridgeNetwork) => call(routes.bridges.unlink, { params: { slug, network } }),
  mirrors: (slug: string) => call(routes.bridges.mirrors, { params: { slug } }),
  mirror: (slug: string, network: BridgeNetwork, enabled: boolean) => call(routes.bridges.setMirror, { params: { slug, network }, body: { enabled } }),
};
