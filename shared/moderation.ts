import { z } from './zod.ts';
import { hiddenMessageViewSchema } from './console.ts';
import { authorRoleSchema, instant, messageViewSchema, personRefSchema } from './model.ts';
import { signUpSchema } from './auth.ts';
import { handleSchema, messageIdSchema, slugSchema, trimmed, visibleText } from './fields.ts';

/** Accounts, roles and moderation: input schemas and the shapes that cross the wire. */

/** Avatars are shown as images under the CSP's `img-src https:`, so only https URLs are accepted. */
const httpsUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'an https:// URL');

export const updateProfileSchema = z
  .object({
    displayName: visibleText(60),
    bio: trimmed(500),
    avatarUrl: httpsUrl.nullable(),
  })
  .partial()
  .strict();

/** Sign-up with the optional profile fields too (bio, https avatar). */
export const signUpWithProfileSchema = signUpSchema.extend({ bio: trimmed(500).optional(), avatarUrl: httpsUrl.nullish() });

export const handleBodySchema = z.object({ handle: handleSchema });

export const SanctionKind = { mute: 'mute', ban: 'ban' } as const;
export type SanctionKind = (typeof SanctionKind)[keyof typeof SanctionKind];

/** Mute (no posting) or ban (no writing at all) someone in a whole series, or in one of its jams. */
export const sanctionSchema = z.object({
  handle: handleSchema,
  kind: z.enum(['mute', 'ban']),
  jam: slugSchema.optional().describe('A jam of the series: only that jam. Absent: the whole series.'),
  minutes: z.number().int().min(1).max(525_600).optional().describe('Absent: until lifted.'),
  reason: trimmed(500).optional(),
});
export const liftSanctionSchema = sanctionSchema.pick({ handle: true, kind: true, jam: true });

/** The networks whose authors post here through a bridge (and have no account to sanction). */
export const bridgedSourceSchema = z.enum(['x', 'bluesky', 'mastodon']);
export type BridgedSource = z.infer<typeof bridgedSourceSchema>;

/**
 * Ban the author of a bridged message (X, Bluesky, Mastodon) from a whole series or one of its
 * jams: their later posts are no longer brought in. Named by a message, since a bridged author's
 * stable id (X user id, Bluesky DID, Mastodon account URL) is what the server keeps with it.
 */
export const networkBanSchema = sanctionSchema.omit({ handle: true, kind: true }).extend({ message: messageIdSchema });
export const liftNetworkBanSchema = z.object({
  network: bridgedSourceSchema,
  /** The author's id on the network, as the ban lists it. */
  authorId: z.string().trim().min(1).max(500),
  jam: slugSchema.optional(),
});

export const jamModerationSchema = z
  .object({
    slowModeSec: z.number().int().min(0).max(3600).describe('Seconds a participant waits between posts; 0 turns slow mode off.'),
    premoderation: z.boolean().describe("Hold first-time posters' messages until a host approves them."),
  })
  .partial();

export const reportSchema = z.object({ reason: visibleText(500, 'say what is wrong with it') });
export const deleteMessageSchema = z.object({ reason: trimmed(500).optional() });
export const createInviteSchema = z.object({
  uses: z.number().int().min(1).max(50).default(1),
  days: z.number().int().min(1).max(30).default(7),
});
export const inviteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'an invite token');

export const auditQuerySchema = z.object({
  jam: slugSchema.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/* Socket payloads */
export const socketDeleteSchema = deleteMessageSchema.extend({ slug: slugSchema, id: messageIdSchema });
export const socketReportSchema = reportSchema.extend({ slug: slugSchema, id: messageIdSchema });

export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;
export type SignUpWithProfileInput = z.infer<typeof signUpWithProfileSchema>;
export type SanctionInput = z.infer<typeof sanctionSchema>;
export type LiftSanctionInput = z.infer<typeof liftSanctionSchema>;
export type NetworkBanInput = z.infer<typeof networkBanSchema>;
export type LiftNetworkBanInput = z.infer<typeof liftNetworkBanSchema>;
export type JamModerationInput = z.infer<typeof jamModerationSchema>;

/** The signed-in caller's standing in a jam (`viewer` in GET /api/jams/:slug and the jam:join ack). */
export const viewerStateSchema = z
  .object({
    role: authorRoleSchema,
    hostRole: z.enum(['owner', 'cohost']).nullable().describe('For hosts: owner of the series or co-host.'),
    acceptedRules: z.boolean().describe('True when the series has no rules or the caller accepted the current ones.'),
    muted: z.boolean(),
    banned: z.boolean(),
  })
  .meta({ id: 'ViewerState' });
export type ViewerState = z.infer<typeof viewerStateSchema>;

export const reportViewSchema = z
  .object({
    id: z.string(),
    jamSlug: z.string(),
    message: messageViewSchema,
    reporter: personRefSchema,
    reason: z.string(),
    createdAt: instant(),
  })
  .meta({ id: 'ReportView' });
export type ReportView = z.infer<typeof reportViewSchema>;

/** What awaits a host's decision in one jam. */
export const moderationQueueViewSchema = z
  .object({
    held: z.array(messageViewSchema),
    reports: z.array(reportViewSchema),
    hidden: z.array(hiddenMessageViewSchema).describe('Hidden messages with who hid them and why, newest first (not held ones: those are in `held`).'),
    slowModeSec: z.number().int().nonnegative(),
    premoderation: z.boolean(),
  })
  .meta({ id: 'ModerationQueueView' });
export type ModerationQueueView = z.infer<typeof moderationQueueViewSchema>;

export const sanctionViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['mute', 'ban']),
    user: personRefSchema,
    jamSlug: z.string().nullable().describe('null: the whole series.'),
    reason: z.string().nullable(),
    by: personRefSchema.nullable(),
    createdAt: instant(),
    expiresAt: instant().nullable(),
  })
  .meta({ id: 'SanctionView' });
export type SanctionView = z.infer<typeof sanctionViewSchema>;

/** A bridged author banned from the series or one jam (listed beside SanctionView). */
export const networkBanViewSchema = z
  .object({
    id: z.string(),
    network: bridgedSourceSchema,
    authorId: z.string().describe("The network's stable id for the author (X user id, Bluesky DID, Mastodon account URL): what lifting names."),
    author: personRefSchema.describe('Handle and name as they were when banned.'),
    jamSlug: z.string().nullable().describe('null: the whole series.'),
    reason: z.string().nullable(),
    by: personRefSchema.nullable(),
    createdAt: instant(),
    expiresAt: instant().nullable(),
  })
  .meta({ id: 'NetworkBanView' });
export type NetworkBanView = z.infer<typeof networkBanViewSchema>;

export const auditEntryViewSchema = z
  .object({
    id: z.number().int().nonnegative(),
    action: z.string(),
    actor: personRefSchema.nullable(),
    jamSlug: z.string().nullable(),
    target: personRefSchema.nullable(),
    messageId: z.string().nullable(),
    reason: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    createdAt: instant(),
  })
  .meta({ id: 'AuditEntryView' });
export type AuditEntryView = z.infer<typeof auditEntryViewSchema>;

export const inviteViewSchema = z
  .object({
    id: z.string().describe("The invite's id in the list of invites (GET …/invites), to revoke it by."),
    token: z.string(),
    url: z.string().describe('The client URL to share (`/invites/:token`): opening it signed in (after signing in, else) accepts the invite and opens the jam.'),
    expiresAt: instant(),
    uses: z.number().int().nonnegative(),
  })
  .meta({ id: 'InviteView' });
export type InviteView = z.infer<typeof inviteViewSchema>;
