import { z } from './zod.ts';
import { instant, personRefSchema } from './model.ts';
import { reportViewSchema } from './moderation.ts';
import { handleSchema, trimmed } from './fields.ts';

/** Site administration (ADMIN_HANDLES): the operator's view of every series, suspensions, escalated reports. */

const reason = trimmed(500).min(3, 'say why, in a few words (it is recorded)');

export const suspendAccountSchema = z.object({ handle: handleSchema, reason });
export type SuspendAccountInput = z.infer<typeof suspendAccountSchema>;

export const takeOverSeriesSchema = z.object({ reason });
export type TakeOverSeriesInput = z.infer<typeof takeOverSeriesSchema>;

export const adminSeriesViewSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    hashtag: z.string(),
    owner: personRefSchema.extend({ suspended: z.boolean() }),
    jamCount: z.number().int().nonnegative(),
    lastJamAt: instant().nullable().describe('Start of the latest jam that has begun, and of the next one scheduled.'),
    nextJamAt: instant().nullable(),
    createdAt: instant(),
    abandoned: z.boolean().describe('No jam in the last 90 days and none scheduled, or an owner suspended: a candidate for take-over.'),
  })
  .meta({ id: 'AdminSeriesView' });
export type AdminSeriesView = z.infer<typeof adminSeriesViewSchema>;

export const suspensionViewSchema = z
  .object({
    account: personRefSchema,
    reason: z.string(),
    suspendedAt: instant(),
    suspendedBy: z.string().nullable(),
  })
  .meta({ id: 'SuspensionView' });
export type SuspensionView = z.infer<typeof suspensionViewSchema>;

/** What the site operators did, kept for good (a lifted suspension leaves no other trace). */
export const siteLogActionSchema = z.enum(['account.suspend', 'account.unsuspend', 'series.take_over']);
export type SiteLogAction = z.infer<typeof siteLogActionSchema>;

export const siteLogEntryViewSchema = z
  .object({
    id: z.string(),
    action: siteLogActionSchema,
    actor: z.string().nullable().describe('The operator’s handle (null once that account is gone).'),
    account: personRefSchema.nullable().describe('The suspended account, or the previous owner of a series taken over.'),
    series: z.object({ slug: z.string(), name: z.string() }).nullable(),
    reason: z.string().nullable(),
    at: instant(),
  })
  .meta({ id: 'SiteLogEntryView' });
export type SiteLogEntryView = z.infer<typeof siteLogEntryViewSchema>;

/** Why a report reached the site operators rather than only the series' hosts. */
export const EscalationReason = { stale: 'stale', crowd: 'crowd', hostAuthor: 'host_author' } as const;
export type EscalationReason = (typeof EscalationReason)[keyof typeof EscalationReason];

/** One per reported message: its oldest open report, and how many people reported it. */
export const escalatedReportViewSchema = reportViewSchema
  .extend({
    series: z.object({ slug: z.string(), name: z.string() }),
    reporters: z.number().int().nonnegative().describe('People with an open report on the same message.'),
    why: z.array(z.enum(['stale', 'crowd', 'host_author'])),
  })
  .meta({ id: 'EscalatedReportView' });
export type EscalatedReportView = z.infer<typeof escalatedReportViewSchema>;
