import net from 'node:net';
import { Writable } from 'node:stream';
import { nanoid } from 'nanoid';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';
import { describeWithServices, REDIS_URL, redisPrefix } from '../support/services.ts';

/** A TCP relay in front of the real Redis that the test can cut and restore, like a network partition. */
async function relay(target: URL) {
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 6379) });
    open.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const close = () => [client, upstream].forEach((s) => (s.destroy(), open.delete(s)));
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cut() {
      cut = true;
      open.forEach((s) => s.destroy());
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), open.forEach((s) => s.destroy()))),
  };
}

async function waitFor<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeWithServices(['redis'], 'a node whose Redis goes away', () => {
  let proxy: Awaited<ReturnType<typeof relay>>;
  let server: RunningServer;
  const logs: { level: number; msg: string }[] = [];
  const sockets: JamSocket[] = [];

  beforeAll(async () => {
    proxy = await relay(new URL(REDIS_URL));
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    });
    server = await startTestServer({ redisUrl: proxy.url, redisKey: redisPrefix(), log: pino({ level: 'info' }, sink) });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
    await proxy?.close();
  });

  const health = async () => (await fetch(`${server.url}/healthz`)).json() as Promise<Record<string, unknown>>;

  it('keeps serving its own clients, says so in /healthz and the log, and recovers', async () => {
    expect(await health()).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'up' });
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const viewer = await new ApiClient(server.url).connect();
    sockets.push(viewer);
    await new Promise((resolve) => viewer.emit('jam:join', { slug: jam.slug }, resolve));

    proxy.cut();
    expect(await waitFor(health, (h) => h.redis === 'down', 'redis: down')).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'down' });
    expect(logs.some((l) => l.level >= 50 && /Redis is unreachable/.test(l.msg))).toBe(true);

    const received = collect(viewer, 'message:created', 1);
    const posted = await host.postMessage(jam.slug, 'still here while Redis is away', { clientId: nanoid() });
    expect(posted.status).toBe(201);
    expect((await received)[0]!.id).toBe(posted.body.message.id);

    proxy.restore();
    expect(await waitFor(health, (h) => h.redis === 'up', 'redis: up')).toMatchObject({ redis: 'up' });
    expect(logs.some((l) => /Redis is back/.test(l.msg))).toBe(true);
  });

  it('starts without Redis, serving its own clients, and joins the cluster when Redis appears', async () => {
    proxy.cut();
    const lonely = await startTestServer({ redisUrl: proxy.url, redisKey: redisPrefix() });
    try {
      expect(await (await fetch(`${lonely.url}/healthz`)).json()).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'down' });
      expect((await new ApiClient(lonely.url).signUp()).token).toBeTruthy();
      proxy.restore();
      await waitFor(async () => (await fetch(`${lonely.url}/healthz`)).json() as Promise<Record<string, unknown>>, (h) => h.redis === 'up', 'redis: up');
    } finally {
      proxy.restore();
      await lonely.close();
    }
  });
});
