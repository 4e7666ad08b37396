import { z } from 'zod';
import type { MessageView, PersonRef } from './model.ts';
import { handleSchema, messageIdSchema, slugSchema } from './schemas.ts';

/** Accounts, roles and moderation: input schemas and the shapes that cross the wire. */

const trimmed = (max: number) => z.string().trim().max(max);

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
    displayName: trimmed(60).min(1),
    bio: trimmed(500),
    avatarUrl: httpsUrl.nullable(),
  })
  .partial()
  .strict();

export const handleBodySchema = z.object({ handle: handleSchema });

export const SanctionKind = { mute: 'mute', ban: 'ban' } as const;
export type SanctionKind = (typeof SanctionKind)[keyof typeof SanctionKind];

/** Mute (no posting) or ban (no writing at all) someone in a whole series, or in one of its jams. */
export const sanctionSchema = z.object({
  handle: handleSchema,
  kind: z.enum(['mute', 'ban']),
  /** A jam of the series: only that jam. Absent: the whole series. */
  jam: slugSchema.optional(),
  /** Absent: until lifted. */
  minutes: z.number().int().min(1).max(525_600).optional(),
  reason: trimmed(500).optional(),
});
export const liftSanctionSchema = sanctionSchema.pick({ handle: true, kind: true, jam: true });

export const jamModerationSchema = z
  .object({
    /** Seconds a participant waits between posts; 0 turns slow mode off. */
    slowModeSec: z.number().int().min(0).max(3600),
    /** Hold first-time posters' messages until a host approves them. */
    premoderation: z.boolean(),
  })
  .partial();

export const reportSchema = z.object({ reason: trimmed(500).min(1, 'say what is wrong with it') });
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
export type SanctionInput = z.infer<typeof sanctionSchema>;
export type LiftSanctionInput = z.infer<typeof liftSanctionSchema>;
export type JamModerationInput = z.infer<typeof jamModerationSchema>;

/** The signed-in caller's standing in a jam (`viewer` in GET /api/jams/:slug and the jam:join ack). */
export interface ViewerState {
  role: 'host' | 'panelist' | 'participant';
  /** For hosts: owner of the series or co-host. */
  hostRole: 'owner' | 'cohost' | null;
  /** True when the series has no rules or the caller accepted the current ones. */
  acceptedRules: boolean;
  muted: boolean;
  banned: boolean;
}

export interface ReportView {
  id: string;
  jamSlug: string;
  message: MessageView;
  reporter: PersonRef;
  reason: string;
  createdAt: string;
}

/** What awaits a host's decision in one jam. */
export interface ModerationQueueView {
  held: MessageView[];
  reports: ReportView[];
  slowModeSec: number;
  premoderation: boolean;
}

export interface SanctionView {
  id: string;
  kind: SanctionKind;
  user: PersonRef;
  /** null: the whole series. */
  jamSlug: string | null;
  reason: string | null;
  by: PersonRef | null;
  createdAt: string;
  expiresAt: string | null;
}

export interface AuditEntryView {
  id: number;
  action: string;
  actor: PersonRef | null;
  jamSlug: string | null;
  target: PersonRef | null;
  messageId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
  createdAt: string;
}

export interface InviteView {
  token: string;
  /** The client URL to share: opening it signed in, the client accepts the invite. */
  url: string;
  expiresAt: string;
  uses: number;
}
