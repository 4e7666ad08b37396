import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../server/http/app.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';
import { Ledger, Poster, audit, openSocket, sendPost, storedMessages } from '../support/ledger.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';

describe('graceful shutdown', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('on SIGTERM finishes the posts in flight, tells clients, exits cleanly, and the restart picks up', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-term-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    let server: ServerProcess = await spawnServer(dataDir);
    cleanup.push(() => server.kill('SIGKILL'));
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });

    const ledger = new Ledger();
    const people = await Promise.all(Array.from({ length: 3 }, () => new ApiClient(server.url).signUp()));
    const sockets: JamSocket[] = await Promise.all(people.map((p) => openSocket(server.url, p.token)));
    cleanup.push(() => sockets.forEach((s) => s.close()));
    const told = sockets.map((s) => new Promise<{ reconnectInMs: number }>((resolve) => s.once('server:shutdown', resolve)));
    const posters = people.map((_, i) => new Poster(jam.slug, ledger, `person${i}`));
    const running = posters.map((p, i) => p.run(sockets[i]!, 4));

    while (ledger.acked.size < 100) await new Promise((r) => setTimeout(r, 20));
    expect(await server.kill('SIGTERM')).toBe(0);
    for (const notice of await Promise.all(told)) expect(notice.reconnectInMs).toBeGreaterThan(0);
    await Promise.all(running);
    expect(posters.flatMap((p) => p.errors)).toEqual([]);
    const said = server.logs.map((l) => l.msg);
    expect(said.indexOf('shutting down')).toBeLessThan(said.indexOf('told clients we are shutting down'));
    expect(said).toContain('shut down cleanly');

    server = await spawnServer(dataDir);
    const reader = new ApiClient(server.url);
    expect(audit(await storedMessages(reader, jam.slug), ledger)).toMatchObject({ lost: [], duplicated: [], seqGaps: [], conflicts: [] });

    // Whatever was refused or unanswered during the drain is resent with its client id, and stored once.
    const fresh = await Promise.all(people.map((p) => openSocket(server.url, p.token)));
    cleanup.push(() => fresh.forEach((s) => s.close()));
    let resent = 0;
    for (const [i, poster] of posters.entries()) {
      for (const post of poster.pending.splice(0)) {
        const ack = await sendPost(fresh[i]!, jam.slug, post.clientId, post.text, 10_000);
        expect(ack?.ok, JSON.stringify(ack)).toBe(true);
        if (ack?.ok) ledger.ack(ack.message);
        resent++;
      }
    }
    console.log(`SIGTERM: ${ledger.acked.size - resent} acked before the restart, ${resent} resent after it`);
    const final = audit(await storedMessages(reader, jam.slug), ledger);
    expect(final).toMatchObject({ lost: [], duplicated: [], seqGaps: [], conflicts: [] });
    expect(final.stored).toBe(ledger.acked.size);
  });

  it('answers /readyz 200 while serving and 503 once draining, when writes are refused as retryable and reads still work', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    expect((await host.get('/readyz')).body).toEqual({ ready: true, phase: 'serving', store: 'up' });

    server.lifecycle.enter('draining');
    const ready = await host.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, phase: 'draining' });
    const refused = await host.postMessage(jam.slug, 'A1: too late');
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'unavailable', retryAfter: expect.any(Number) });
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect((await host.get(`/api/jams/${jam.slug}`)).status).toBe(200);
    await expect(host.connect()).rejects.toMatchObject({ message: 'unavailable', data: { code: 'unavailable' } });
  });

  it('answers /readyz 503 and refuses the API while the store is still migrating', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const app = createHttpApp(server.services, { log: pino({ level: 'silent' }), health: async () => ({ ok: true }), lifecycle: new Lifecycle() });
    const migrating = http.createServer(app);
    await new Promise<void>((resolve) => migrating.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => migrating.close(resolve)));
    const client = new ApiClient(`http://127.0.0.1:${(migrating.address() as AddressInfo).port}`);
    const ready = await client.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ ready: false, phase: 'migrating' });
    const api = await client.get('/api/jams');
    expect(api.status).toBe(503);
    expect(api.body.error).toMatchObject({ code: 'unavailable' });
  });

  it('echoes a caller X-Request-Id and mints one otherwise', async () => {
    const server = await startTestServer();
    cleanup.push(() => server.close());
    const client = new ApiClient(server.url);
    expect((await client.request('GET', '/api/jams', undefined, { 'x-request-id': 'lb-1234.abc' })).headers.get('x-request-id')).toBe('lb-1234.abc');
    const minted = (await client.request('GET', '/api/jams', undefined, { 'x-request-id': 'bad id <script>' })).headers.get('x-request-id');
    expect(minted).toMatch(/^[0-9a-f-]{36}$/);
  });
});
