import { z } from './zod.ts';
import { instant } from './model.ts';

/** The bridges (X, Bluesky, Mastodon): their inputs and the status views the host console shows. */

const bridgeStateSchema = z.enum(['unlinked', 'ok', 'rate_limited', 'broken']);

/** The X bridge as the host console shows it (GET /api/series/:slug/x). */
export const bridgeStatusSchema = z
  .object({
    enabled: z.boolean(),
    linked: z.boolean(),
    state: bridgeStateSchema,
    account: z.object({ username: z.string() }).nullable(),
    lastError: z.string().nullable(),
    lastSyncAt: instant().nullable(),
    inboundCount: z.number().int().nonnegative(),
    outboundCount: z.number().int().nonnegative(),
    inbound: z.enum(['search', 'stream']).nullable().describe('How tweets come in: recent-search polling, or the filtered stream (app bearer token configured).'),
  })
  .meta({ id: 'BridgeStatus' });
export type BridgeStatus = z.infer<typeof bridgeStatusSchema>;

/** Open networks bridged through one shape (server/bridge/shape); X keeps its own routes. */
export const BridgeNetwork = { bluesky: 'bluesky', mastodon: 'mastodon' } as const;
export type BridgeNetwork = (typeof BridgeNetwork)[keyof typeof BridgeNetwork];
export const bridgeNetworkSchema = z.enum(['bluesky', 'mastodon']).meta({ id: 'BridgeNetwork' });

/** One open-network bridge of a series as the host console shows it (GET /api/series/:slug/bridges). */
export const networkBridgeStatusSchema = z
  .object({
    network: bridgeNetworkSchema,
    label: z.string(),
    enabled: z.boolean().describe('Off on this server (not configured): `lastError` says why.'),
    linkKind: z.enum(['app_password', 'oauth']).describe('How a host links: an app password typed here, or OAuth on their own instance.'),
    linked: z.boolean(),
    state: bridgeStateSchema,
    account: z.object({ username: z.string(), instance: z.string() }).nullable(),
    lastError: z.string().nullable(),
    lastSyncAt: instant().nullable(),
    maxChars: z.number().int().nonnegative().nullable().describe("Posts longest allowed on this account's network or instance."),
    inboundCount: z.number().int().nonnegative(),
    outboundCount: z.number().int().nonnegative(),
    mirror: z.boolean().describe("Whether the signed-in host's own posts are mirrored to this network."),
  })
  .meta({ id: 'NetworkBridgeStatus' });
export type NetworkBridgeStatus = z.infer<typeof networkBridgeStatusSchema>;

/** One network's mirroring of the caller's own posts (GET/PUT /api/series/:slug/bridges…/mirror): open to every signed-in person. */
export const mirrorChoiceSchema = z
  .object({
    network: bridgeNetworkSchema,
    label: z.string(),
    linked: z.boolean(),
    account: z.string().nullable().describe("The series' account posts are mirrored to."),
    enabled: z.boolean(),
  })
  .meta({ id: 'MirrorChoice' });
export type MirrorChoice = z.infer<typeof mirrorChoiceSchema>;


/**
 * Bluesky links with an app password (Settings → Privacy and security → App passwords), never the
 * account password: the format is checked so a main password is refused before it is stored.
 */
export const blueskyLinkSchema = z.object({
  identifier: z
    .string()
    .trim()
    .min(3)
    .max(253)
    .transform((handle) => handle.replace(/^@/, '')),
  appPassword: z
    .string()
    .trim()
    .regex(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i, 'use an app password (xxxx-xxxx-xxxx-xxxx) from Bluesky settings, not the account password'),
});

/** Mastodon links by OAuth on the host's own instance: its domain ("mastodon.social") or origin. */
export const mastodonLinkSchema = z.object({ instance: z.string().trim().min(3).max(253) });

export const bridgeMirrorSchema = z.object({ enabled: z.boolean() });

/** Where the instance sends the host back after consent (a browser navigation). */
export const bridgeCallbackQuerySchema = z.union([
  z.object({ state: z.string().min(1).max(500), code: z.string().min(1).max(2000) }),
  z.object({ state: z.string().max(500).optional(), error: z.string().max(200), error_description: z.string().max(1000).optional() }),
]);

export type BridgeCallbackQuery = z.infer<typeof bridgeCallbackQuerySchema>;
export type BlueskyLinkInput = z.infer<typeof blueskyLinkSchema>;
export type MastodonLinkInput = z.infer<typeof mastodonLinkSchema>;
