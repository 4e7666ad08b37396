import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDeliveryView, WebhookView } from '../../shared/webhooks.ts';
import type { RunningServer } from '../../server/server.ts';
import { verifyWebhook } from '../../server/webhooks/signature.ts';
import { ApiClient, startTestServer, until } from '../support/harness.ts';
import { storeUnderTest } from '../support/services.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver: answers each request with the next status in `statuses` (then 200), and records it. */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
      waiters.filter((w) => received.length >= w.count).forEach((w) => w.resolve());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    /** Resolves once `count` requests have arrived. */
    waitFor: (count: number) => new Promise<void>((resolve) => (received.length >= count ? resolve() : waiters.push({ count, resolve }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let store: Awaited<ReturnType<typeof storeUnderTest>> | undefined;
let server: RunningServer;
let host: ApiClient;
let seriesSlug: string;
const receivers: Awaited<ReturnType<typeof receiver>>[] = [];

beforeAll(async () => {
  store = await storeUnderTest();
  server = await startTestServer(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {});
  server.services.webhooks.policy = { maxAttempts: 4, baseDelayMs: 20, timeoutMs: 2000 };
  server.services.webhooks.allowPrivateTargets = true;
  host = await new ApiClient(server.url).signUp();
  seriesSlug = (await host.createSeries()).slug;
});

afterAll(async () => {
  await server?.close();
  await store?.drop();
  await Promise.all(receivers.map((r) => r.close()));
});

const deliveries = async () => (await host.get<{ deliveries: WebhookDeliveryView[] }>(`/api/series/${seriesSlug}/webhooks/deliveries`)).body.deliveries;

describe('outbound webhooks', () => {
  it('only hosts of the series manage webhooks', async () => {
    const stranger = await new ApiClient(server.url).signUp();
    expect((await stranger.post(`/api/series/${seriesSlug}/webhooks`, { url: 'http://127.0.0.1:9/x' })).status).toBe(403);
    expect((await stranger.get(`/api/series/${seriesSlug}/webhooks/deliveries`)).status).toBe(403);
    expect((await new ApiClient(server.url).get(`/api/series/${seriesSlug}/webhooks`)).status).toBe(401);
    expect((await host.post(`/api/series/${seriesSlug}/webhooks`, { url: 'ftp://example.com/x' })).body.error?.field).toBe('url');
  });

  it('refuses URLs that reach the host machine or private networks unless told otherwise', async () => {
    server.services.webhooks.allowPrivateTargets = false;
    try {
      for (const url of ['http://127.0.0.1:8080/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://10.1.2.3/', 'http://localhost:9/x']) {
        const res = await host.post(`/api/series/${seriesSlug}/webhooks`, { url });
        expect([url, res.status, res.body.error?.field]).toEqual([url, 400, 'url']);
      }
    } finally {
      server.services.webhooks.allowPrivateTargets = true;
    }
  });

  it('signs each delivery so the receiver can verify it, for every subscribed event', async () => {
    const sink = await receiver();
    receivers.push(sink);
    const created = await host.post<{ webhook: WebhookView; secret: string }>(`/api/series/${seriesSlug}/webhooks`, { url: sink.url });
    expect(created.status).toBe(201);
    const { secret, webhook } = created.body;
    expect(webhook.events).toEqual(['jam.started', 'question.released', 'jam.ended', 'message.featured']);

    const jam = await host.createJam(seriesSlug, { live: true, questions: [{ text: 'Q one', offsetMin: 0 }] });
    await sink.waitFor(2);
    // Deliveries of one burst travel independently: their order is not part of the contract.
    const events = sink.received.map((r) => r.headers['x-tweetjam-event']);
    expect(events.sort()).toEqual(['jam.started', 'question.released']);
    for (const { headers, body } of sink.received) {
      expect(verifyWebhook(secret, String(headers['x-tweetjam-timestamp']), body, String(headers['x-tweetjam-signature']))).toBe(true);
      expect(verifyWebhook('whsec_wrong', String(headers['x-tweetjam-timestamp']), body, String(headers['x-tweetjam-signature']))).toBe(false);
      expect(verifyWebhook(secret, String(headers['x-tweetjam-timestamp']), body.replace('}', ' }'), String(headers['x-tweetjam-signature']))).toBe(false);
    }
    const released = sink.received.find((r) => r.headers['x-tweetjam-event'] === 'question.released')!;
    expect(JSON.parse(released.body)).toMatchObject({ event: 'question.released', jam: { slug: jam.slug }, data: { question: { n: 1, text: 'Q one' } } });

    // Featuring announces once; a boost on the featured message is not a second feature.
    const message = (await host.postMessage(jam.slug, 'A1: worth featuring')).body.message;
    await host.post(`/api/jams/${jam.slug}/messages/${message.id}/moderation`, { action: 'feature' });
    await sink.waitFor(3);
    await host.post(`/api/jams/${jam.slug}/messages/${message.id}/boost`, { boosted: true });
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    await sink.waitFor(4);
    expect(sink.received.slice(2).map((r) => r.headers['x-tweetjam-event'])).toEqual(['message.featured', 'jam.ended']);
    expect(JSON.parse(sink.received[2]!.body).data.message.id).toBe(message.id);
    await host.request('DELETE', `/api/series/${seriesSlug}/webhooks/${webhook.id}`);
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    const flaky = await receiver([500, 503]);
    receivers.push(flaky);
    const created = await host.post<{ webhook: WebhookView }>(`/api/series/${seriesSlug}/webhooks`, { url: flaky.url, events: ['jam.started'] });
    await host.createJam(seriesSlug, { live: true });
    await flaky.waitFor(3);
    const delivery = await until(async () => (await deliveries()).find((d) => d.webhookId === created.body.webhook.id && d.status === 'delivered'));
    expect(delivery.attempts.map((a) => [a.n, a.statusCode, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 503, 'HTTP 503'],
      [3, 200, null],
    ]);
    // Exponential backoff: the wait before attempt 3 is at least twice the base.
    expect(Date.parse(delivery.attempts[2]!.at) - Date.parse(delivery.attempts[1]!.at)).toBeGreaterThanOrEqual(40);
    expect(new Set(flaky.received.map((r) => r.headers['x-tweetjam-delivery'])).size).toBe(1);
  });

  it('gives up after the last attempt and says why', async () => {
    const created = await host.post<{ webhook: WebhookView }>(`/api/series/${seriesSlug}/webhooks`, { url: 'http://127.0.0.1:9/closed', events: ['jam.started'] });
    await host.createJam(seriesSlug, { live: true });
    const delivery = await until(async () => (await deliveries()).find((d) => d.webhookId === created.body.webhook.id && d.status === 'failed'));
    expect(delivery.attempts).toHaveLength(4);
    expect(delivery.attempts.every((a) => a.statusCode === null && a.error)).toBe(true);
    expect(delivery.nextAttemptAt).toBeNull();
  });
});

describe('webhook deliveries across a restart', () => {
  it('resumes a pending delivery after the server restarts', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-webhooks-'));
    const sink = await receiver([500]);
    receivers.push(sink);
    const first = await startTestServer({ dataDir, sqliteFile: 'restart.sqlite' });
    // A long backoff: the retry is due only after the restart.
    first.services.webhooks.policy = { maxAttempts: 3, baseDelayMs: 400, timeoutMs: 2000 };
    first.services.webhooks.allowPrivateTargets = true;
    const owner = await new ApiClient(first.url).signUp();
    const slug = (await owner.createSeries()).slug;
    await owner.post(`/api/series/${slug}/webhooks`, { url: sink.url, events: ['jam.started'] });
    await owner.createJam(slug, { live: true });
    await sink.waitFor(1);
    await first.close();

    process.env.WEBHOOK_ALLOW_PRIVATE = '1';
    const second = await startTestServer({ dataDir, sqliteFile: 'restart.sqlite' });
    delete process.env.WEBHOOK_ALLOW_PRIVATE;
    try {
      await sink.waitFor(2);
      const again = new ApiClient(second.url);
      again.token = owner.token;
      const delivery = await until(async () => (await again.get<{ deliveries: WebhookDeliveryView[] }>(`/api/series/${slug}/webhooks/deliveries`)).body.deliveries.find((d) => d.status === 'delivered'));
      expect(delivery.attempts.map((a) => a.statusCode)).toEqual([500, 200]);
    } finally {
      await second.close();
    }
  });
});
