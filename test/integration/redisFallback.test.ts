import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { io as connect } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { ApiClient, collect, until, type JamSocket } from '../support/harness.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';
import { ownRedis, type OwnRedis } from '../support/redisServer.ts';

/**
 * Issue 14, items 5 and 6: Redis carries the fan-out and the rate-limit counters, and neither may
 * take a node down. The node is the real process (server/main.ts, as deployed); Redis is a
 * redis-server of this test's own, on its own port, stopped and started here.
 */
/** Loading the server's modules (tsx) is slow on a busy machine; what is asserted is the server's own start time. */
const SPAWN_TIMEOUT_MS = 90_000;
const children: ServerProcess[] = [];
const redises: OwnRedis[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(children.splice(0).map((c) => c.kill('SIGKILL')));
});
afterAll(async () => {
  await Promise.all(redises.map((r) => r.stop()));
});

async function node(redis: OwnRedis) {
  const child = await spawnServer(fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-redis-')), { REDIS_URL: redis.url, REDIS_KEY: `tj-${nanoid(6)}`, RATE_LIMITS: 'on' }, SPAWN_TIMEOUT_MS);
  children.push(child);
  return child;
}

async function redisOfOurOwn() {
  const redis = await ownRedis();
  redises.push(redis);
  return redis;
}

const health = async (url: string) => (await fetch(`${url}/healthz`)).json() as Promise<Record<string, unknown>>;

function open(url: string, token?: string | null): Promise<JamSocket> {
  const socket: JamSocket = connect(url, { transports: ['websocket'], reconnection: false, auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : {}) } });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Runs `work` and fails if it takes longer than a person would wait. */
async function promptly<T>(work: () => Promise<T>, ms = 3000): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

describe('Redis outages', () => {
  it('a node whose Redis stops keeps signing in, posting, joining and connecting, limits counted locally, and says so', { timeout: 180_000 }, async () => {
    const redis = await redisOfOurOwn();
    await redis.start();
    const server = await node(redis);
    await until(async () => (await health(server.url)).rateLimits === 'redis', 10_000);
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const person = await new ApiClient(server.url).signUp();
    const viewer = await open(server.url);
    expect(await viewer.emitWithAck('jam:join', { slug: jam.slug })).toMatchObject({ ok: true });

    await redis.stop();
    // The adapter's and the limits' Redis connections each notice the outage on their own, a moment apart.
    expect(await until(async () => ((h) => h.redis === 'down' && h.rateLimits === 'local' && h)(await health(server.url)), 10_000)).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'down', rateLimits: 'local' });

    const signIn = await promptly(() => person.post('/api/auth/signin', { handle: person.user!.handle, password: 'correct horse battery' }));
    expect(signIn.status).toBe(200);
    const seen = collect(viewer, 'message:created', 2);
    const posted = await promptly(() => person.postMessage(jam.slug, 'posted over HTTP while Redis is away'));
    expect(posted.status).toBe(201);
    const socket = await promptly(() => open(server.url, person.token));
    expect(await promptly(() => socket.emitWithAck('jam:join', { slug: jam.slug }))).toMatchObject({ ok: true });
    const sent = await promptly(() => socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'sent over the socket while Redis is away' }));
    expect(sent).toMatchObject({ ok: true });
    // The node's own clients still get everything.
    expect((await seen).map((m) => m.text)).toEqual([expect.stringContaining('over HTTP'), expect.stringContaining('over the socket')]);

    await redis.start();
    expect(await until(async () => ((h) => h.rateLimits === 'redis' && h.redis === 'up' && h)(await health(server.url)), 15_000)).toMatchObject({ ok: true, redis: 'up', rateLimits: 'redis' });
    expect((await person.postMessage(jam.slug, 'and after it returns')).status).toBe(201);
  });

  it('a node starts within 10 s while Redis is unreachable, serves, and joins when Redis appears', { timeout: 180_000 }, async () => {
    const redis = await redisOfOurOwn();
    const server = await node(redis);
    // Starting (config, store, Redis, migrations) took under 10 s; loading the modules is tsx's business.
    expect(server.logs.find((l) => l.msg === 'TweetJam is serving')?.startMs).toBeLessThan(10_000);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(await health(server.url)).toEqual({ ok: true, store: 'sqlite', adapter: 'redis', redis: 'down', rateLimits: 'local' });
    expect((await new ApiClient(server.url).signUp()).token).toBeTruthy();

    await redis.start();
    expect(await until(async () => ((h) => h.rateLimits === 'redis' && h.redis === 'up' && h)(await health(server.url)), 15_000)).toMatchObject({ ok: true, redis: 'up', rateLimits: 'redis' });
  });
});
