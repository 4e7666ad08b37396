import { z } from './zod.ts';
import { instant } from './model.ts';
import { handleSchema, timeZoneSchema } from './fields.ts';

/** Email: an address per account (verified by link), password reset, reminders, recaps, preferences. */

export const emailSchema = z.string().trim().toLowerCase().max(254).email('an email address like rae@example.com');

export const setEmailSchema = z.object({ email: emailSchema, timeZone: timeZoneSchema.optional() });
export const tokenSchema = z.object({ token: z.string().trim().min(20).max(100) });
export const requestResetSchema = z.object({ who: z.union([emailSchema, handleSchema], { error: 'your handle or your email address' }) });
export const resetPasswordSchema = tokenSchema.extend({ password: z.string().min(8, 'at least 8 characters').max(200) });

/** "Remind me" choices for one jam: 1 day before, 15 minutes before, the recap (or digest) afterwards. */
export const MailKind = { day: 'day', soon: 'soon', recap: 'recap' } as const;
export type MailKind = (typeof MailKind)[keyof typeof MailKind];
export const mailSubscriptionSchema = z.object({ kinds: z.array(z.enum(['day', 'soon', 'recap'])).max(3), timeZone: timeZoneSchema.optional() });
export const seriesMailPrefSchema = z.object({ muted: z.boolean() });
export const unsubscribeQuerySchema = z.object({ token: z.string().min(20).max(100), series: z.string().max(64).optional() });

export const accountEmailViewSchema = z
  .object({
    email: z.string().nullable(),
    verified: z.boolean(),
    timeZone: z.string().nullable(),
    series: z.array(z.object({ slug: z.string(), name: z.string(), hashtag: z.string(), muted: z.boolean() })).describe('Series the person gets (or muted) mail about.'),
  })
  .meta({ id: 'AccountEmailView' });
export type AccountEmailView = z.infer<typeof accountEmailViewSchema>;

export const mailSubscriptionViewSchema = z
  .object({
    kinds: z.array(z.enum(['day', 'soon', 'recap'])),
    email: z.object({ address: z.string(), verified: z.boolean() }).nullable().describe('Whether mail can reach this person at all (an address, verified).'),
    muted: z.boolean(),
  })
  .meta({ id: 'MailSubscriptionView' });
export type MailSubscriptionView = z.infer<typeof mailSubscriptionViewSchema>;

/** One mail in the local outbox / queue, for the operator page. */
export const outboxMailViewSchema = z
  .object({
    id: z.string(),
    messageId: z.string(),
    kind: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(['pending', 'sending', 'sent', 'failed', 'uncertain']),
    attempts: z.number().int().nonnegative(),
    transport: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: instant(),
    sentAt: instant().nullable(),
    headers: z.record(z.string(), z.string()),
    attachments: z.array(z.string()),
  })
  .meta({ id: 'OutboxMailView' });
export type OutboxMailView = z.infer<typeof outboxMailViewSchema>;
