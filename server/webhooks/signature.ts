import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook request. The signature covers `${timestamp}.${raw body}`. */
export const WebhookHeaders = {
  signature: 'X-TweetJam-Signature',
  timestamp: 'X-TweetJam-Timestamp',
  event: 'X-TweetJam-Event',
  delivery: 'X-TweetJam-Delivery',
} as const;

/** "sha256=<hex HMAC-SHA256(secret, timestamp + '.' + body)>". */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does: recompute and compare in constant time, and refuse stale timestamps so a
 * captured request cannot be replayed later.
 */
export function verifyWebhook(secret: string, timestamp: string | number, body: string, signature: string, nowS = Date.now() / 1000, toleranceS = 300): boolean {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowS - ts) > toleranceS) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
