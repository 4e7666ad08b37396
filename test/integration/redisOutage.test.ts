import { Writable } from 'node:stream';
import { nanoid } from 'nanoid';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';
import { ownRedis, type OwnRedis } from '../support/redisServer.ts';
import { redisPrefix } from '../support/services.ts';

async function waitFor<T>(probe: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Redis is a redis-server of this test's own, on its own port, stopped and started here (never the shared one). */
describe('a node whose Redis goes away', () => {
  let redis: OwnRedis;
  let server: RunningServer;
  const logs: { level: number; msg: string }[] = [];
  const sockets: JamSocket[] = [];

  beforeAll(async () => {
    redis = await ownRedis();
    await redis.start();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    });
    server = await startTestServer({ redisUrl: redis.url, redisKey: redisPrefix(), log: pino({ level: 'info' }, sink) });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await server?.close();
    await redis?.stop();
  });

  const health = async () => (await fetch(`${server.url}/healthz`)).json() as Promise<Record<string, unknown>>;

  it('keeps serving its own clients, says so in /healthz and the log, and recovers', async () => {
    expect(await health()).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'up' });
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const viewer = await new ApiClient(server.url).connect();
    sockets.push(viewer);
    await new Promise((resolve) => viewer.emit('jam:join', { slug: jam.slug }, resolve));

    await redis.stop();
    expect(await waitFor(health, (h) => h.redis === 'down', 'redis: down')).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'down' });
    expect(logs.some((l) => l.level >= 50 && /Redis is unreachable/.test(l.msg))).toBe(true);

    const received = collect(viewer, 'message:created', 1);
    const posted = await host.postMessage(jam.slug, 'still here while Redis is away', { clientId: nanoid() });
    expect(posted.status).toBe(201);
    expect((await received)[0]!.id).toBe(posted.body.message.id);

    await redis.start();
    expect(await waitFor(health, (h) => h.redis === 'up', 'redis: up')).toMatchObject({ redis: 'up' });
    expect(logs.some((l) => /Redis is back/.test(l.msg))).toBe(true);
  });

  it('starts without Redis, serving its own clients, and joins the cluster when Redis appears', async () => {
    await redis.stop();
    const lonely = await startTestServer({ redisUrl: redis.url, redisKey: redisPrefix() });
    try {
      expect(await (await fetch(`${lonely.url}/healthz`)).json()).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'down' });
      expect((await new ApiClient(lonely.url).signUp()).token).toBeTruthy();
      await redis.start();
      await waitFor(async () => (await fetch(`${lonely.url}/healthz`)).json() as Promise<Record<string, unknown>>, (h) => h.redis === 'up', 'redis: up');
    } finally {
      await lonely.close();
    }
  });
});
