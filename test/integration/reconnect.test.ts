import { afterEach, describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/model.ts';
import type { PresenceView } from '../../shared/protocol.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';
import { Viewer, openSocket, sendPost } from '../support/ledger.ts';

/**
 * A dropped client resumes without gaps or duplicates: Socket.IO connection state recovery when
 * the same node still remembers it, otherwise jam:join { since } from the store.
 */
describe('a client that drops and comes back', () => {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function liveJam() {
    const server: RunningServer = await startTestServer();
    cleanup.push(() => server.close());
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    return { server, host, jam };
  }

  /** Drops the transport as a network blip would; the client reconnects by itself. */
  function blip(socket: JamSocket): Promise<void> {
    // The socket's own connect (after the manager's reconnect) is when recovery is known.
    const back = new Promise<void>((resolve) => socket.once('disconnect', () => socket.once('connect', () => resolve())));
    socket.io.engine.close();
    return back;
  }

  async function postMany(api: ApiClient, slug: string, from: number, count: number): Promise<MessageView[]> {
    const posted: MessageView[] = [];
    for (let i = from; i < from + count; i++) {
      const res = await api.postMessage(slug, `A1: message ${i}`);
      expect(res.status).toBe(201);
      posted.push(res.body.message);
    }
    return posted;
  }

  it('is recovered by Socket.IO on the same node and gets what it missed, once each, in order', async () => {
    const { server, host, jam } = await liveJam();
    const viewer = new Viewer();
    const socket = await openSocket(server.url, null, true);
    cleanup.push(() => socket.close());
    const deliveries: number[] = [];
    socket.on('message:created', (m) => deliveries.push(m.seq));
    await viewer.follow(socket, jam.slug);
    await postMany(host, jam.slug, 1, 5);
    while (deliveries.length < 5) await new Promise((r) => setTimeout(r, 10));

    const back = blip(socket);
    // Posted while the client is away (some may hit the dying transport): the replay covers both.
    await postMany(host, jam.slug, 6, 5);
    await back;
    expect(socket.recovered).toBe(true);
    await postMany(host, jam.slug, 11, 2);
    while (deliveries.length < 12) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    expect(deliveries).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(viewer.redelivered).toBe(0);
  });

  it('keeps posting as the same person after recovery, and loses the identity when the session was closed meanwhile', async () => {
    const { server, jam } = await liveJam();
    const person = await new ApiClient(server.url).signUp();
    const socket = await openSocket(server.url, person.token, true);
    cleanup.push(() => socket.close());
    // Recovery resumes from the last broadcast the client received: it needs one to have an offset.
    const viewer = new Viewer();
    await viewer.follow(socket, jam.slug);
    expect(await sendPost(socket, jam.slug, 'beforeblip', 'A1: hello')).toMatchObject({ ok: true });
    while (viewer.bySeq.size < 1) await new Promise((r) => setTimeout(r, 10));
    await blip(socket);
    expect(socket.recovered).toBe(true);
    expect(await sendPost(socket, jam.slug, 'afterblip1', 'A1: still me')).toMatchObject({ ok: true, message: { author: { handle: person.user!.handle } } });

    const reconnecting = blip(socket);
    expect((await person.post('/api/auth/signout')).status).toBe(204);
    await reconnecting;
    expect(socket.recovered).toBe(true);
    expect(await sendPost(socket, jam.slug, 'afterblip2', 'A1: not me any more')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('two viewers dropped together: the recovered one does not re-join (as the web client), the other re-joins with since; each ends with every post once', async () => {
    const { server, host, jam } = await liveJam();
    const recovering = new Viewer();
    const rejoining = new Viewer();
    const a = await openSocket(server.url, null, true);
    cleanup.push(() => a.close());
    const b = await openSocket(server.url, null);
    await recovering.follow(a, jam.slug);
    await rejoining.follow(b, jam.slug);
    await postMany(host, jam.slug, 1, 5);
    while (recovering.bySeq.size < 5 || rejoining.bySeq.size < 5) await new Promise((r) => setTimeout(r, 10));

    const back = blip(a);
    b.close();
    await postMany(host, jam.slug, 6, 10);
    await back;
    // Recovered: rooms and the missed posts are back, so no jam:join (it would send them again).
    expect(a.recovered).toBe(true);
    const b2 = await openSocket(server.url, null);
    cleanup.push(() => b2.close());
    expect(b2.recovered).toBe(false);
    await rejoining.follow(b2, jam.slug);
    await postMany(host, jam.slug, 16, 3);
    while (recovering.bySeq.size < 18 || rejoining.bySeq.size < 18) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200));
    for (const viewer of [recovering, rejoining]) {
      expect([...viewer.bySeq.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      expect(viewer.redelivered).toBe(0);
    }
  });

  it('counts a recovered viewer in presence again without a re-join', async () => {
    const { server, host, jam } = await liveJam();
    const watcher = await openSocket(server.url, null);
    cleanup.push(() => watcher.close());
    // Reconnects only when told: after the room has heard it leave.
    const dropping = await openSocket(server.url, null);
    cleanup.push(() => dropping.close());
    await new Viewer().follow(watcher, jam.slug);
    const droppingViewer = new Viewer();
    await droppingViewer.follow(dropping, jam.slug);
    // Recovery resumes from the last broadcast received: one post, once it has arrived, gives it an offset.
    await postMany(host, jam.slug, 1, 1);
    while (droppingViewer.bySeq.size < 1) await new Promise((r) => setTimeout(r, 10));
    const counts: number[] = [];
    watcher.on('presence:updated', (p: PresenceView) => counts.push(p.viewers));
    dropping.io.engine.close();
    while (!counts.includes(1)) await new Promise((r) => setTimeout(r, 20));
    const back = new Promise<void>((resolve) => dropping.once('connect', () => resolve()));
    dropping.connect();
    await back;
    expect(dropping.recovered).toBe(true);
    while (counts.at(-1) !== 2) await new Promise((r) => setTimeout(r, 20));
    expect(counts.at(-1)).toBe(2);
  });

  it('catches up from the store with since when recovery is not possible, with no gap and no duplicate', async () => {
    const { server, host, jam } = await liveJam();
    const viewer = new Viewer();
    const first = await openSocket(server.url, null);
    await viewer.follow(first, jam.slug);
    await postMany(host, jam.slug, 1, 30);
    while (viewer.bySeq.size < 30) await new Promise((r) => setTimeout(r, 10));
    first.close();

    await postMany(host, jam.slug, 31, 20);
    // A fresh connection (other node, restart, recovery window passed): not recovered.
    const second = await openSocket(server.url, null);
    cleanup.push(() => second.close());
    expect(second.recovered).toBe(false);
    const join = await viewer.follow(second, jam.slug);
    expect(join.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 31 + i));
    expect(join.lastSeq).toBe(50);
    await postMany(host, jam.slug, 51, 3);
    while (viewer.bySeq.size < 53) await new Promise((r) => setTimeout(r, 10));
    expect(viewer.contiguous).toBe(53);
    expect(viewer.redelivered).toBe(0);
  });
});
