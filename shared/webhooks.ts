import { z } from 'zod';

/** Outbound webhooks (issue 8): the events a series can subscribe to, and the shapes hosts see. */
export const WebhookEvent = {
  jamStarted: 'jam.started',
  questionReleased: 'question.released',
  jamEnded: 'jam.ended',
  messageFeatured: 'message.featured',
} as const;
export type WebhookEvent = (typeof WebhookEvent)[keyof typeof WebhookEvent];
export const WEBHOOK_EVENTS = Object.values(WebhookEvent) as [WebhookEvent, ...WebhookEvent[]];

export const createWebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).default([...WEBHOOK_EVENTS]),
});
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>;

export const webhookIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a webhook id');
export const deliveriesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export interface WebhookView {
  id: string;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
}

export interface WebhookAttemptView {
  n: number;
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  url: string;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttemptView[];
  nextAttemptAt: string | null;
  createdAt: string;
  completedAt: string | null;
}
