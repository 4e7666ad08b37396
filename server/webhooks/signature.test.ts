import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './signature.ts';

describe('webhook signatures', () => {
  const body = '{"event":"jam.started"}';
  const ts = 1_773_000_000;

  it('is the hex HMAC-SHA256 of "timestamp.body" under the secret, as documented', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`${ts}.${body}`).digest('hex');
    expect(signWebhook('whsec_test', ts, body)).toBe(`sha256=${expected}`);
  });

  it('verifies only the same secret, body and timestamp, and only while fresh', () => {
    const signature = signWebhook('whsec_test', ts, body);
    expect(verifyWebhook('whsec_test', String(ts), body, signature, ts + 10)).toBe(true);
    expect(verifyWebhook('whsec_other', String(ts), body, signature, ts + 10)).toBe(false);
    expect(verifyWebhook('whsec_test', String(ts), body + ' ', signature, ts + 10)).toBe(false);
    expect(verifyWebhook('whsec_test', String(ts + 1), body, signature, ts + 10)).toBe(false);
    expect(verifyWebhook('whsec_test', String(ts), body, signature, ts + 301)).toBe(false);
    expect(verifyWebhook('whsec_test', 'soon', body, signature, ts)).toBe(false);
  });
});
