import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/model.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { openSocket, sendPost, storedMessages } from '../support/ledger.ts';

/** A store that cannot take a write refuses the post as retryable; it never acknowledges and drops. */
describe('posting when the store cannot write', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function liveJamOnFile(busyTimeoutMs = 5000) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-faults-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server: RunningServer = await startTestServer({ dataDir, sqliteFile: 'tweetjam.sqlite', busyTimeoutMs });
    cleanup.push(() => server.close());
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const person = await new ApiClient(server.url).signUp();
    return { server, jam, person, file: path.join(dataDir, 'tweetjam.sqlite') };
  }

  it('refuses a post with a retryable 503 while another connection holds the write lock, and takes the retry once', async () => {
    const { server, jam, person, file } = await liveJamOnFile(100);
    const other = new SQLite(file);
    cleanup.push(() => other.close());
    other.exec('BEGIN EXCLUSIVE');

    const refused = await person.postMessage(jam.slug, 'A1: held up by a lock', { clientId: 'lockedpost1' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'unavailable', retryAfter: expect.any(Number) });
    expect(refused.headers.get('retry-after')).toBeTruthy();
    const socket = await openSocket(server.url, person.token);
    cleanup.push(() => socket.close());
    const socketRefused = await sendPost(socket, jam.slug, 'lockedpost2', 'A1: over the socket');
    expect(socketRefused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await storedMessages(person, jam.slug)).toEqual([]);

    other.exec('COMMIT');
    const retried = await person.postMessage(jam.slug, 'A1: held up by a lock', { clientId: 'lockedpost1' });
    expect(retried.status).toBe(201);
    const again = await person.postMessage(jam.slug, 'A1: held up by a lock', { clientId: 'lockedpost1' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, message: { id: retried.body.message.id } });
    const socketRetried = await sendPost(socket, jam.slug, 'lockedpost2', 'A1: over the socket');
    expect(socketRetried).toMatchObject({ ok: true, duplicate: false });
    const stored = await storedMessages(person, jam.slug);
    expect(stored.map((m) => [m.clientId, m.seq])).toEqual([
      ['lockedpost1', 1],
      ['lockedpost2', 2],
    ]);
  });

  it('refuses posts with a retryable 503 when the disk is full, keeps every acknowledged one, and takes retries once space is back', async () => {
    const { server, jam, person } = await liveJamOnFile();
    // A database capped a few pages above its size is a disk that fills up after a few posts.
    const pages = Number((await sql<{ page_count: number }>`PRAGMA page_count`.execute(server.store.db)).rows[0]!.page_count);
    await sql.raw(`PRAGMA max_page_count = ${pages + 4}`).execute(server.store.db);

    const acked: MessageView[] = [];
    let refused: { clientId: string; text: string } | undefined;
    for (let i = 0; i < 2000 && !refused; i++) {
      const text = `A1: post ${i} ${'lorem ipsum dolor sit amet '.repeat(8)}`;
      const res = await person.postMessage(jam.slug, text, { clientId: `fullpost${i}` });
      if (res.status === 201) acked.push(res.body.message);
      else {
        expect(res.status).toBe(503);
        expect(res.body.error).toMatchObject({ code: 'unavailable', retryAfter: expect.any(Number) });
        refused = { clientId: `fullpost${i}`, text };
      }
    }
    expect(refused).toBeDefined();
    expect(acked.length).toBeGreaterThan(0);
    expect((await storedMessages(person, jam.slug)).map((m) => m.id)).toEqual(acked.map((m) => m.id));
    expect((await server.services.deps.store.messages.byClientId((await server.store.jams.bySlug(jam.slug))!.id, refused!.clientId))).toBeUndefined();

    await sql.raw('PRAGMA max_page_count = 1073741823').execute(server.store.db);
    const retried = await person.postMessage(jam.slug, refused!.text, { clientId: refused!.clientId });
    expect(retried.status).toBe(201);
    expect(retried.body.message.seq).toBe(acked.length + 1);
    const healthy = await person.get('/healthz');
    expect(healthy.status).toBe(200);
  });
});
