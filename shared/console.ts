import { z } from './zod.ts';
import { instant, messageViewSchema, personRefSchema } from './model.ts';
import { trimmed } from './fields.ts';

/** The host console's own contract: canned posts, the hidden list, invites. */

/** One quick post in the host composer ("Welcome", "Last 5 minutes"…). */
export const cannedPostSchema = z.object({
  label: trimmed(40).min(1, 'a short label'),
  text: trimmed(280).min(1, 'the text to post'),
});
/** The whole list, in order: PUT replaces it. */
export const cannedPostsSchema = z.object({ posts: z.array(cannedPostSchema).max(12) });
export type CannedPost = z.infer<typeof cannedPostSchema>;

/** What a series starts with until its hosts save their own. */
export const DEFAULT_CANNED_POSTS: CannedPost[] = [
  { label: 'Welcome', text: 'Welcome, everyone! Say hello and tell us where you are joining from. Answer each question as A1:, A2: …' },
  { label: 'Rules reminder', text: 'A quick reminder: be kind, stay on topic, and start answers with A1:, A2: … so they land under their question.' },
  { label: 'Last 5 minutes', text: 'Five minutes left! Share your last thoughts on the current question.' },
  { label: 'Thank you', text: 'Thank you all for joining! The transcript stays in the archive. See you next time.' },
];

/** A message hidden by a host, as the hidden list shows it (hosts only). */
export const hiddenMessageViewSchema = z
  .object({
    message: messageViewSchema,
    reason: z.string().nullable(),
    hiddenBy: personRefSchema.nullable(),
    hiddenAt: instant().nullable(),
  })
  .meta({ id: 'HiddenMessageView' });
export type HiddenMessageView = z.infer<typeof hiddenMessageViewSchema>;

/** A panelist invite link as its hosts see it later (the token itself is shown once, at creation). */
export const inviteSummarySchema = z
  .object({
    id: z.string().describe('Stable id of the invite (a hash of its token): the handle to revoke it by.'),
    createdAt: instant(),
    expiresAt: instant(),
    usesLeft: z.number().int().nonnegative(),
    createdBy: personRefSchema.nullable(),
    acceptedBy: z.array(personRefSchema).describe('Who joined the jam through this invite.'),
  })
  .meta({ id: 'InviteSummary' });
export type InviteSummary = z.infer<typeof inviteSummarySchema>;

export const inviteIdSchema = z.string().regex(/^[a-f0-9]{64}$/, 'an invite id');
