import { nanoid } from 'nanoid';
import { expect, it } from 'vitest';
import type { ServerToClientEvents } from '../../shared/protocol.ts';
import { ApiClient, collect, type JamSocket } from '../support/harness.ts';
import { twoNodes } from '../support/cluster.ts';
import { describeWithServices } from '../support/services.ts';

/** Two real server processes behind one PostgreSQL database and one Redis, as in production. */

type Received = { event: keyof ServerToClientEvents; payload: unknown; at: number };

/** Records every event a socket receives, with its arrival time. */
function record(socket: JamSocket): Received[] {
  const seen: Received[] = [];
  socket.onAny((event: keyof ServerToClientEvents, payload: unknown) => seen.push({ event, payload, at: Date.now() }));
  return seen;
}

function join(socket: JamSocket, slug: string) {
  return new Promise<{ ok: boolean; viewers?: number }>((resolve) => socket.emit('jam:join', { slug }, (ack) => resolve(ack as { ok: boolean; viewers?: number })));
}

function send(socket: JamSocket, slug: string, text: string) {
  return new Promise<{ ok: boolean; message?: { id: string } }>((resolve) => socket.emit('message:send', { slug, clientId: nanoid(), text }, (ack) => resolve(ack as { ok: boolean; message?: { id: string } })));
}

/** Waits until `predicate` holds for what a socket has received. */
async function until(seen: Received[], predicate: (seen: Received[]) => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(seen)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(seen.map((s) => s.event))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const released = (seen: Received[], slug: string, n: number) => seen.filter((s) => s.event === 'question:released' && (s.payload as { jamSlug: string; question: { n: number } }).jamSlug === slug && (s.payload as { question: { n: number } }).question.n === n);
const started = (seen: Received[], slug: string) => seen.filter((s) => s.event === 'jam:updated' && (s.payload as { jamSlug: string; reason: string }).jamSlug === slug && (s.payload as { reason: string }).reason === 'started');

describeWithServices(['postgres', 'redis'], 'two nodes sharing PostgreSQL and Redis', () => {
  const nodes = twoNodes();
  const sockets = nodes.sockets;

  async function connectTo(api: ApiClient) {
    const socket = await api.connect();
    sockets.push(socket);
    return socket;
  }

  it('reports PostgreSQL and the Redis adapter on every node', async () => {
    for (const node of [nodes.a, nodes.b]) {
      const health = await (await fetch(`${node.url}/healthz`)).json();
      expect(health).toEqual({ ok: true, store: 'postgres', adapter: 'redis', redis: 'up' });
    }
  });

  it('delivers a post made on node A once to a viewer on node B, and counts viewers across nodes', async () => {
    const host = await new ApiClient(nodes.a.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const onA = await connectTo(host);
    const lurkerOnB = await connectTo(new ApiClient(nodes.b.url));
    expect((await join(onA, jam.slug)).ok).toBe(true);
    expect((await join(lurkerOnB, jam.slug)).ok).toBe(true);
    const seenOnB = record(lurkerOnB);

    const presence = collect(lurkerOnB, 'presence:updated', 1);
    await until(seenOnB, (seen) => seen.some((s) => s.event === 'presence:updated' && (s.payload as { viewers: number }).viewers === 2 && (s.payload as { participants: number }).participants === 1), 'presence counting both nodes');
    await presence;

    const first = await send(onA, jam.slug, 'Hello from node A');
    const second = await send(onA, jam.slug, 'And again');
    expect(first.ok && second.ok).toBe(true);
    await until(seenOnB, (seen) => seen.some((s) => s.event === 'message:created' && (s.payload as { id: string }).id === second.message!.id), 'the second post on node B');
    const created = seenOnB.filter((s) => s.event === 'message:created').map((s) => (s.payload as { id: string }).id);
    expect(created).toEqual([first.message!.id, second.message!.id]);
    // The store agrees with what was seen, read through the other node.
    const viaB = await new ApiClient(nodes.b.url).get<{ messages: { id: string }[] }>(`/api/jams/${jam.slug}/messages?after=0`);
    expect(viaB.body.messages.map((m) => m.id)).toEqual(created);
  });

  it('a ban, an unban, a profile edit or a sign-out through node A applies to the very next post through node B', async () => {
    const host = await new ApiClient(nodes.a.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const onB = await new ApiClient(nodes.b.url).signUp();
    const onA = Object.assign(new ApiClient(nodes.a.url), { token: onB.token, user: onB.user });
    const socketOnB = await connectTo(onB);
    // Node B reads (and keeps) the poster's session and standing.
    for (const text of ['one', 'two']) expect(await send(socketOnB, jam.slug, text)).toMatchObject({ ok: true });
    expect((await onB.postMessage(jam.slug, 'three')).status).toBe(201);

    expect((await host.post(`/api/series/${series.slug}/sanctions`, { handle: onB.user!.handle, kind: 'ban' })).status).toBe(201);
    expect(await send(socketOnB, jam.slug, 'banned?')).toMatchObject({ ok: false, error: { field: 'banned' } });
    expect((await onB.postMessage(jam.slug, 'banned?')).body.error).toMatchObject({ field: 'banned' });
    expect((await host.post(`/api/series/${series.slug}/sanctions/lift`, { handle: onB.user!.handle, kind: 'ban' })).status).toBe(200);
    expect(await send(socketOnB, jam.slug, 'back')).toMatchObject({ ok: true });

    expect((await onA.request('PATCH', '/api/auth/me', { displayName: 'Renamed on A' })).status).toBe(200);
    expect((await onB.postMessage(jam.slug, 'new name')).body.message.author.displayName).toBe('Renamed on A');

    expect((await onA.post('/api/auth/signout')).status).toBe(204);
    expect((await onB.postMessage(jam.slug, 'signed out?')).status).toBe(401);
  });

  it('announces a start once across nodes, and when node A dies node B releases the next question on time', async () => {
    const host = await new ApiClient(nodes.a.url).signUp();
    const series = await host.createSeries();
    const t0 = Date.now();
    // Starts in 8 s: both nodes hold a wake-up for it and race to announce.
    const race = await host.createJam(series.slug, { startsAt: new Date(t0 + 8_000).toISOString(), questions: [{ text: 'Who are you?', offsetMin: 0 }] });
    // Already live; its Q2 is due 18 s from now, after node A is gone.
    const q2Due = t0 + 18_000;
    const takeover = await host.createJam(series.slug, {
      startsAt: new Date(q2Due - 60_000).toISOString(),
      questions: [
        { text: 'Warm-up', offsetMin: 0 },
        { text: 'The real question', offsetMin: 1 },
      ],
    });
    const onA = await connectTo(new ApiClient(nodes.a.url));
    const onB = await connectTo(new ApiClient(nodes.b.url));
    const seenA = record(onA);
    const seenB = record(onB);
    for (const socket of [onA, onB]) for (const slug of [race.slug, takeover.slug]) expect((await join(socket, slug)).ok).toBe(true);

    await until(seenA, (seen) => released(seen, race.slug, 1).length > 0 && started(seen, race.slug).length > 0, 'the start on node A');
    await until(seenB, (seen) => released(seen, race.slug, 1).length > 0 && started(seen, race.slug).length > 0, 'the start on node B');
    // A marker posted through each node after the start: whatever either node emitted before it has arrived by then.
    const markers = [await send(await connectTo(host), race.slug, 'marker via A'), await send(await connectTo(Object.assign(new ApiClient(nodes.b.url), { token: host.token })), race.slug, 'marker via B')];
    const markerIds = markers.map((m) => m.message!.id);
    for (const seen of [seenA, seenB]) await until(seen, (s) => markerIds.every((id) => s.some((e) => e.event === 'message:created' && (e.payload as { id: string }).id === id)), 'both markers');
    for (const seen of [seenA, seenB]) {
      expect(started(seen, race.slug)).toHaveLength(1);
      expect(released(seen, race.slug, 1)).toHaveLength(1);
    }

    await nodes.a.kill('SIGKILL');
    await until(seenB, (seen) => released(seen, takeover.slug, 2).length > 0, 'Q2 released by node B', 30_000);
    const [q2] = released(seenB, takeover.slug, 2);
    expect(q2!.at).toBeGreaterThanOrEqual(q2Due - 50);
    // "On time": the surviving node's own wake-up fires, not a sweep minutes later.
    expect(q2!.at - q2Due).toBeLessThan(2_500);
    expect((q2!.payload as { show: { currentQuestion: number } }).show.currentQuestion).toBe(2);
    const health = await (await fetch(`${nodes.b.url}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, store: 'postgres', adapter: 'redis' });
  }, 60_000);
});
