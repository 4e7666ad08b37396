import type { BridgeNetwork } from '../../../shared/bridges.ts';
import type { NetworkAdapter } from '../shape/adapter.ts';
import type { OpenBridgeConfig } from '../shape/config.ts';
import { blueskyAdapter } from './bluesky.ts';
import { mastodonAdapter } from './mastodon.ts';

/** Settings for adapters of a server where the bridges are off: they still name their network for the console, and are never called. */
const OFF: OpenBridgeConfig = { tokenKey: Buffer.alloc(32), blueskyService: 'https://bsky.social', mastodonCallbackUrl: null, allowInsecureInstances: false, pollMs: 20_000, leaseMs: 60_000, backoffMinMs: 1_000, backoffMaxMs: 300_000, timeoutMs: 20_000 };

/** Every open network this server can bridge, one adapter each: a new network is its adapter file and one line here. */
export function networkAdapters(config: OpenBridgeConfig | null): Map<BridgeNetwork, NetworkAdapter> {
  const settings = config ?? OFF;
  return new Map<BridgeNetwork, NetworkAdapter>([
    ['bluesky', blueskyAdapter(settings) as unknown as NetworkAdapter],
    ['mastodon', mastodonAdapter(settings) as unknown as NetworkAdapter],
  ]);
}
