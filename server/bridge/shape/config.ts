import { parseKey } from '../config.ts';

/** How the open-network bridges are configured: from env in production, from options in tests. */
export interface OpenBridgeConfig {
  /** 32 bytes that seal credentials at rest (AES-256-GCM). */
  tokenKey: Buffer;
  /** Where Bluesky accounts log in (their PDS, or the entryway that finds it). */
  blueskyService: string;
  /** Where a Mastodon instance sends the host back; null: derived from the request. */
  mastodonCallbackUrl: string | null;
  /** Tests only: instances at http:// or an IP address (a local mock). Production refuses them. */
  allowInsecureInstances: boolean;
  /** How often a live jam's hashtag and question replies are read, per network. */
  pollMs: number;
  /** How long an inbound reader's lease lasts without renewal (it renews on every read). */
  leaseMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** Every call to a network gives up after this long. */
  timeoutMs: number;
}

export type OpenBridgeSetup = { enabled: true; config: OpenBridgeConfig } | { enabled: false; reason: string };

export type OpenBridgeOptions = Partial<Omit<OpenBridgeConfig, 'tokenKey'>> & { tokenKey?: string | Buffer };

const DEFAULT_POLL_MS = 20_000;

export function openBridgeSetup(options: OpenBridgeOptions = {}, env: NodeJS.ProcessEnv = process.env): OpenBridgeSetup {
  const rawKey = options.tokenKey ?? env.BRIDGE_TOKEN_KEY ?? env.X_TOKEN_KEY;
  if (!rawKey) return { enabled: false, reason: 'the Bluesky and Mastodon bridges need BRIDGE_TOKEN_KEY (32 bytes, base64 or hex) to store credentials encrypted' };
  const tokenKey = parseKey(rawKey);
  if (!tokenKey) return { enabled: false, reason: 'BRIDGE_TOKEN_KEY must be 32 bytes, written as base64 or 64 hex digits' };
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '');
  const pollMs = options.pollMs ?? (Number(env.BRIDGE_POLL_MS) || DEFAULT_POLL_MS);
  return {
    enabled: true,
    config: {
      tokenKey,
      blueskyService: (options.blueskyService ?? env.BLUESKY_SERVICE ?? 'https://bsky.social').replace(/\/$/, ''),
      mastodonCallbackUrl: options.mastodonCallbackUrl ?? env.MASTODON_CALLBACK_URL ?? (publicUrl ? `${publicUrl}/api/bridges/mastodon/callback` : null),
      allowInsecureInstances: options.allowInsecureInstances ?? false,
      pollMs,
      // Long enough that a busy node renewing late keeps it; short enough that a dead node's jam is picked up soon.
      leaseMs: options.leaseMs ?? Math.max(3 * pollMs, 30_000),
      backoffMinMs: options.backoffMinMs ?? 1_000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
      timeoutMs: options.timeoutMs ?? 20_000,
    },
  };
}
