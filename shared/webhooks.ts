import { z } from './zod.ts';
import { instant } from './model.ts';

/** Outbound webhooks (issue 8): the events a series can subscribe to, and the shapes hosts see. */
export const WebhookEvent = {
  jamStarted: 'jam.started',
  questionReleased: 'question.released',
  jamEnded: 'jam.ended',
  messageFeatured: 'message.featured',
  /** Sent only by "Send a test delivery"; nobody subscribes to it. */
  ping: 'webhook.ping',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];
/** The events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = ['jam.started', 'question.released', 'jam.ended', 'message.featured'] as const satisfies readonly WebhookEvent[];
/** An event a webhook can subscribe to (not the test ping). */
export type SubscribableEvent = (typeof WEBHOOK_EVENTS)[number];

export const createWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default([...WEBHOOK_EVENTS]),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

export const webhookIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a webhook id');
export const deliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

const webhookEventSchema = z.enum(['jam.started', 'question.released', 'jam.ended', 'message.featured', 'webhook.ping']);

export const webhookViewSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(webhookEventSchema),
    active: z.boolean(),
    createdAt: instant(),
  })
  .meta({ id: 'WebhookView' });
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const webhookAttemptViewSchema = z
  .object({
    n: z.number().int().nonnegative(),
    at: instant(),
    statusCode: z.number().int().nonnegative().nullable(),
    error: z.string().nullable(),
    durationMs: z.number(),
  })
  .meta({ id: 'WebhookAttemptView' });
export type WebhookAttemptView = z.infer<typeof webhookAttemptViewSchema>;

export const webhookDeliveryViewSchema = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    url: z.string(),
    event: webhookEventSchema,
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(webhookAttemptViewSchema),
    nextAttemptAt: instant().nullable(),
    createdAt: instant(),
    completedAt: instant().nullable(),
  })
  .meta({ id: 'WebhookDeliveryView' });
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;
