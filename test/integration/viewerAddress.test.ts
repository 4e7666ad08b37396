import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { ApiClient, startTestServer, until, type JamSocket } from '../support/harness.ts';

/**
 * Unique viewers are counted by the address the handshake resolved under TRUST_PROXY, like every
 * limit: with no proxy trusted, a client cannot become a new visitor by sending X-Forwarded-For.
 */
let server: RunningServer;
const sockets: JamSocket[] = [];
const trustBefore = process.env.TRUST_PROXY;

beforeAll(async () => {
  process.env.TRUST_PROXY = 'false';
  server = await startTestServer();
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await server?.close();
  if (trustBefore === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = trustBefore;
});

it('three anonymous sockets claiming three forwarded addresses from one machine are one visitor', async () => {
  const host = await new ApiClient(server.url).signUp();
  const jam = await host.createJam((await host.createSeries()).slug, { live: true });
  for (const claimed of ['198.51.100.1', '198.51.100.2', '203.0.113.3']) {
    const socket: JamSocket = connect(server.url, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION }, reconnection: false, extraHeaders: { 'x-forwarded-for': claimed, 'user-agent': 'same-browser' } });
    sockets.push(socket);
    expect(await socket.emitWithAck('jam:join', { slug: jam.slug })).toMatchObject({ ok: true });
  }
  const jamId = (await server.store.jams.bySlug(jam.slug))!.id;
  const visits = () => server.store.db.selectFrom('jam_visits').select('visitor').where('jam_id', '=', jamId).execute();
  await until(async () => (await visits()).length > 0);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await visits()).toHaveLength(1);
});
