import { nanoid } from 'nanoid';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { MessageView } from '../../shared/model.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';

let server: RunningServer;
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await server?.close();
});

async function liveJam() {
  server = await startTestServer();
  const host = await new ApiClient(server.url).signUp('host_live');
  const series = await host.createSeries({ hashtag: 'livechat' });
  const jam = await host.createJam(series.slug, { live: true });
  return { host, jam };
}

describe('live posting', () => {
  it('two viewers receive every post in the same order', async () => {
    const { jam } = await liveJam();
    const posters = await Promise.all([1, 2, 3, 4].map(async (i) => new ApiClient(server.url).signUp(`poster${i}`)));
    const viewers = await Promise.all([new ApiClient(server.url).connect(), new ApiClient(server.url).connect()]);
    sockets.push(...viewers);
    for (const v of viewers) expect((await v.emitWithAck('jam:join', { slug: jam.slug })).ok).toBe(true);
    const received = viewers.map((v) => collect(v, 'message:created', 40));

    // Four posters send concurrently, over sockets and HTTP, so writes interleave.
    const posterSockets = await Promise.all(posters.slice(0, 2).map((p) => p.connect()));
    sockets.push(...posterSockets);
    await Promise.all([
      ...posterSockets.map(async (s, i) => {
        for (let n = 0; n < 10; n++) await s.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: `socket ${i} #${n}` });
      }),
      ...posters.slice(2).map(async (p, i) => {
        for (let n = 0; n < 10; n++) expect((await p.postMessage(jam.slug, `http ${i} #${n}`)).status).toBe(201);
      }),
    ]);

    const [a, b] = (await Promise.all(received)) as [MessageView[], MessageView[]];
    expect(a.map((m) => m.id)).toEqual(b.map((m) => m.id));
    expect(a.map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('a retried send is stored once and acked with the same message', async () => {
    const { jam } = await liveJam();
    const panelist = await new ApiClient(server.url).signUp('retrier');
    const socket = await panelist.connect();
    sockets.push(socket);
    const clientId = nanoid();
    const first = await socket.emitWithAck('message:send', { slug: jam.slug, clientId, text: 'A1: my answer' });
    const second = await socket.emitWithAck('message:send', { slug: jam.slug, clientId, text: 'A1: my answer' });
    const overHttp = await panelist.postMessage(jam.slug, 'A1: my answer', { clientId });
    if (!first.ok || !second.ok) throw new Error('send failed');
    expect(second.duplicate).toBe(true);
    expect(second.message).toEqual(first.message);
    expect(overHttp.status).toBe(200);
    expect(overHttp.body.message.id).toBe(first.message.id);
    const stored = await panelist.get<{ messages: MessageView[] }>(`/api/jams/${jam.slug}/messages`);
    expect(stored.body.messages.filter((m) => m.clientId === clientId)).toHaveLength(1);
  });

  it('another user cannot claim someone else’s client id', async () => {
    const { jam, host } = await liveJam();
    const clientId = nanoid();
    await host.postMessage(jam.slug, 'Welcome!', { clientId });
    const other = await new ApiClient(server.url).signUp('claimer');
    const res = await other.postMessage(jam.slug, 'mine now', { clientId });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', field: 'clientId' });
  });

  it('appends the hashtag, attaches answers to their question, and keeps replies on their parent', async () => {
    const { jam } = await liveJam();
    const ann = await new ApiClient(server.url).signUp('ann');
    const answer = (await ann.postMessage(jam.slug, 'A2: early answer')).body.message;
    expect(answer.text).toBe('A2: early answer #livechat');
    expect(answer.question).toBe(2);
    const chat = (await ann.postMessage(jam.slug, 'hello everyone #LIVECHAT')).body.message;
    expect(chat.text).toBe('hello everyone #LIVECHAT');
    expect(chat.question).toBe(1);
    const reply = (await ann.postMessage(jam.slug, 'agreed', { replyTo: answer.id })).body.message;
    expect(reply).toMatchObject({ replyTo: answer.id, question: 2 });
  });

  it('a lurker watches but cannot post', async () => {
    const { jam } = await liveJam();
    const lurker = await new ApiClient(server.url).connect();
    sockets.push(lurker);
    const join = await lurker.emitWithAck('jam:join', { slug: jam.slug });
    expect(join.ok).toBe(true);
    const send = await lurker.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'hi' });
    expect(send).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('a reconnecting viewer gets exactly what it missed', async () => {
    const { jam, host } = await liveJam();
    for (let i = 0; i < 5; i++) await host.postMessage(jam.slug, `before ${i}`);
    const viewer = await new ApiClient(server.url).connect();
    sockets.push(viewer);
    const join = await viewer.emitWithAck('jam:join', { slug: jam.slug, since: 3 });
    if (!join.ok) throw new Error('join failed');
    expect(join.messages.map((m) => m.seq)).toEqual([4, 5]);
    expect(join.lastSeq).toBe(5);
  });
});
