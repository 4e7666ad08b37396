import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { RunningServer, ServerOptions } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

/**
 * Issue 14, items 3 and 4: limits bite per socket and per account first; the per-address limit is
 * only a loose outer bound, counts no refused event, and reads the address as HTTP does
 * (TRUST_PROXY). Joins are limited per socket. The flood itself: test/load/socketFlood.test.ts.
 */
const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterAll(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function boot(options: ServerOptions) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** A socket as a browser behind a proxy would open it: X-Forwarded-For names the client. */
function open(url: string, options: { token?: string | null; forwardedFor?: string } = {}): Promise<JamSocket> {
  const socket: JamSocket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: { protocol: PROTOCOL_VERSION, ...(options.token ? { token: options.token } : {}) },
    extraHeaders: options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {},
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('socket limits', () => {
  it('the per-address limit reads the address as HTTP does: clients behind a trusted proxy are told apart', async () => {
    const server = await boot({ rateLimits: { socketEventsPerIp: 3 } });
    // Three handshakes from one client behind the proxy use up its address's bucket…
    for (let i = 0; i < 3; i++) await open(server.url, { forwardedFor: '198.51.100.1' });
    await expect(open(server.url, { forwardedFor: '198.51.100.1' })).rejects.toMatchObject({ message: 'rate_limited' });
    // …and not its neighbour's, although both arrive from the proxy's (loopback) address.
    await expect(open(server.url, { forwardedFor: '198.51.100.2' })).resolves.toBeTruthy();
  });

  it('events refused per socket do not count against the address', async () => {
    const server = await boot({ rateLimits: { socketEventsPerSocket: 5, socketEventsPerIp: 20 } });
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const noisy = await open(server.url);
    const refused = [];
    for (let i = 0; i < 30; i++) refused.push(noisy.emitWithAck('jam:join', { slug: jam.slug }));
    const acks = await Promise.all(refused);
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    // The address has seen 1 handshake + 5 events: a neighbour connects and joins.
    const neighbour = await open(server.url);
    expect(await neighbour.emitWithAck('jam:join', { slug: jam.slug })).toMatchObject({ ok: true });
  });

  it('joins are limited per socket', async () => {
    const server = await boot({ rateLimits: { socketJoinsPerSocket: 3 } });
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const lurker = await open(server.url);
    for (let i = 0; i < 3; i++) expect(await lurker.emitWithAck('jam:join', { slug: jam.slug })).toMatchObject({ ok: true });
    expect(await lurker.emitWithAck('jam:join', { slug: jam.slug })).toEqual({ ok: false, error: expect.objectContaining({ code: 'rate_limited', retryAfter: expect.any(Number) }) });
    // Another socket joins.
    const other = await open(server.url);
    expect(await other.emitWithAck('jam:join', { slug: jam.slug })).toMatchObject({ ok: true });
  });
});
