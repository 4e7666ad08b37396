import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JamView } from '../../shared/model.ts';
import { ApiClient, type JamSocket } from '../support/harness.ts';
import { Ledger, Poster, Viewer, audit, openSocket, sendPost, storedMessages } from '../support/ledger.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';

/**
 * kill -9 of the real server mid-jam under load: every acknowledged message survives exactly once,
 * the show resumes at the right question, and a viewer catches up with no gap and no duplicate.
 */
describe('a server killed mid-jam', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('keeps every acknowledged message, resumes the show and lets clients catch up', { timeout: 120_000 }, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-crash-'));
    cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    let server: ServerProcess = await spawnServer(dataDir);
    cleanup.push(() => server.kill('SIGKILL'));

    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, {
      live: true,
      questions: [
        { text: 'Q one', offsetMin: 0 },
        { text: 'Q two', offsetMin: 20 },
        { text: 'Q three', offsetMin: 40 },
      ],
    });
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' })).status).toBe(200);

    const viewer = new Viewer();
    const watching = await openSocket(server.url, null);
    await viewer.follow(watching, jam.slug);

    const ledger = new Ledger();
    const people = await Promise.all(Array.from({ length: 4 }, () => new ApiClient(server.url).signUp()));
    const sockets: JamSocket[] = await Promise.all(people.map((p) => openSocket(server.url, p.token)));
    cleanup.push(() => sockets.forEach((s) => s.close()));
    const posters = sockets.map((_, i) => new Poster(jam.slug, ledger, `person${i}`));
    const running = posters.map((p, i) => p.run(sockets[i]!, 4));

    // Kill while posts are in flight, once a fair number have been acknowledged.
    while (ledger.acked.size < 300) await new Promise((r) => setTimeout(r, 20));
    expect(ledger.unacked.size).toBeGreaterThan(0);
    expect(await server.kill('SIGKILL')).toBe('SIGKILL');
    posters.forEach((p) => p.stop());
    await Promise.all(running);
    watching.close();
    expect(posters.flatMap((p) => p.errors)).toEqual([]);
    const ackedBeforeCrash = ledger.acked.size;

    server = await spawnServer(dataDir);
    const reader = new ApiClient(server.url);
    const afterCrash = audit(await storedMessages(reader, jam.slug), ledger);
    expect(afterCrash).toMatchObject({ lost: [], duplicated: [], seqGaps: [], conflicts: [] });
    expect(afterCrash.stored).toBeGreaterThanOrEqual(ackedBeforeCrash);

    const resumed = (await reader.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam;
    expect(resumed.status).toBe('live');
    expect(resumed.show.currentQuestion).toBe(2);

    // The viewer saw a gap-free prefix live, then re-joins with since and gets exactly the rest.
    const seenLive = viewer.bySeq.size;
    expect(viewer.contiguous).toBe(seenLive);
    const rejoined = await openSocket(server.url, null);
    cleanup.push(() => rejoined.close());
    const join = await viewer.follow(rejoined, jam.slug);
    expect(join.messages.every((m) => m.seq > seenLive)).toBe(true);
    expect(viewer.redelivered).toBe(0);
    expect(viewer.contiguous).toBe(afterCrash.stored);
    expect(viewer.bySeq.size).toBe(afterCrash.stored);

    // Posts that never got an ack are retried with the same client id: each ends up stored once.
    const retrier = await openSocket(server.url, people[0]!.token);
    cleanup.push(() => retrier.close());
    const owner = new Map(posters.flatMap((p, i) => p.pending.map((pending) => [pending.clientId, { ...pending, person: i }] as const)));
    for (const [clientId, pending] of owner) {
      const socket = pending.person === 0 ? retrier : await openSocket(server.url, people[pending.person]!.token);
      const ack = await sendPost(socket, jam.slug, clientId, pending.text, 10_000);
      if (socket !== retrier) socket.close();
      expect(ack?.ok, JSON.stringify(ack)).toBe(true);
      if (ack?.ok) ledger.ack(ack.message);
    }
    const final = audit(await storedMessages(reader, jam.slug), ledger);
    console.log(`crash: ${ackedBeforeCrash} acked before kill -9, ${afterCrash.stored} stored after restart, ${owner.size} unacked retried, ${final.stored} stored in the end`);
    expect(final).toMatchObject({ lost: [], duplicated: [], seqGaps: [], conflicts: [] });
    expect(final.stored).toBe(ledger.acked.size);
  });
});
