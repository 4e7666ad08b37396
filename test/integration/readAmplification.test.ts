import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptRows } from '../../shared/archive.ts';
import type { RunningServer, ServerOptions } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

/**
 * Issue 14, item 4: reads that cost the store a whole jam are limited, and an ended jam's
 * transcript (it never changes, but for moderation) is rendered once and then served from a
 * cache, with ETag and Cache-Control, until a moderation event invalidates it.
 */
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function boot(options: ServerOptions = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

async function endedJam(server: RunningServer) {
  const host = await new ApiClient(server.url).signUp();
  const jam = await host.createJam((await host.createSeries()).slug, { live: true });
  const kept = await host.postMessage(jam.slug, 'A1: this one stays');
  const doomed = await host.postMessage(jam.slug, 'A1: this one will be hidden');
  expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' })).status).toBe(200);
  return { host, jam, kept: kept.body.message, doomed: doomed.body.message };
}

/** Counts how often the store reads a whole jam's messages. */
function countWholeJamReads(server: RunningServer) {
  const messages = server.store.messages;
  const allVisible = messages.allVisible.bind(messages);
  const counter = { reads: 0 };
  messages.allVisible = (jamId) => {
    counter.reads++;
    return allVisible(jamId);
  };
  return counter;
}

describe('transcripts of ended jams', () => {
  it.each(['json', 'md', 'html', 'csv'])('are rendered once, then served from the cache with ETag and Cache-Control (.%s)', async (format) => {
    const server = await boot();
    const { jam } = await endedJam(server);
    const counter = countWholeJamReads(server);
    const url = `${server.url}/api/jams/${jam.slug}/transcript.${format}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9+/_=-]{16,}"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const body = await first.text();
    for (let i = 0; i < 5; i++) expect(await (await fetch(url)).text()).toBe(body);
    expect(counter.reads).toBe(1);
    const revalidated = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(counter.reads).toBe(1);
  });

  it('moderation invalidates the cached transcript at once', async () => {
    const server = await boot();
    const { host, jam, doomed } = await endedJam(server);
    const url = `${server.url}/api/jams/${jam.slug}/transcript.md`;
    const before = await fetch(url);
    expect(await before.text()).toContain('this one will be hidden');
    expect((await host.post(`/api/jams/${jam.slug}/messages/${doomed.id}/moderation`, { action: 'hide' })).status).toBe(200);
    const after = await fetch(url, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    const text = await after.text();
    expect(text).toContain('this one stays');
    expect(text).not.toContain('this one will be hidden');
  });

  it("the archive page's rows cost one whole-jam read however many pages are read, until moderation changes the jam", async () => {
    const server = await boot();
    const { host, jam, doomed } = await endedJam(server);
    const counter = countWholeJamReads(server);
    const rows = async (query: string) => ((await (await fetch(`${server.url}/api/jams/${jam.slug}/transcript/rows?${query}`)).json()) as TranscriptRows).rows;
    const ids = async () => [...(await rows('offset=0&limit=1')), ...(await rows('offset=1&limit=1')), ...(await rows('offset=2&limit=5'))].flatMap((r) => (r.kind === 'message' ? [r.message.id] : []));
    expect(await ids()).toContain(doomed.id);
    expect(counter.reads).toBe(1);
    expect((await host.post(`/api/jams/${jam.slug}/messages/${doomed.id}/moderation`, { action: 'hide' })).status).toBe(200);
    expect(await ids()).not.toContain(doomed.id);
    expect(counter.reads).toBe(2);
  });

  it('a live jam’s transcript is not cached', async () => {
    const server = await boot();
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const url = `${server.url}/api/jams/${jam.slug}/transcript.json`;
    expect((await fetch(url)).headers.get('cache-control')).toBe('no-cache');
    await host.postMessage(jam.slug, 'A1: new while live');
    expect(await (await fetch(url)).text()).toContain('new while live');
  });
});

describe('expensive reads', () => {
  it('transcripts, exports, reports and search are limited per client, with the documented error', async () => {
    const server = await boot({ rateLimits: { expensiveReadsPerClient: 4 } });
    const { jam } = await endedJam(server);
    const reader = new ApiClient(server.url);
    for (const path of [`/api/jams/${jam.slug}/transcript.json`, `/api/jams/${jam.slug}/transcript.csv`, `/api/search?q=stays`, `/api/jams/${jam.slug}/report.json`]) expect((await reader.get(path)).status, path).toBe(200);
    const refused = await reader.get(`/api/jams/${jam.slug}/digest.json`);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', retryAfter: expect.any(Number) });
    expect(refused.headers.get('retry-after')).toBe(String(refused.body.error!.retryAfter));
    // Cheap reads are not counted.
    expect((await reader.get(`/api/jams/${jam.slug}`)).status).toBe(200);
    // Another client (another address behind the trusted proxy) is not affected.
    expect((await reader.request('GET', `/api/jams/${jam.slug}/transcript.json`, undefined, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200);
  });
});
