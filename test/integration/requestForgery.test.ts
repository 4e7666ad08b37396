import { nanoid } from 'nanoid';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

/** Issue 14, the smaller findings: CSRF bound to the session, origins with their scheme, X link, stale cookies. */
const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function boot() {
  const server = await startTestServer();
  servers.push(server);
  return server;
}

const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(';')[0]!.slice(name.length + 1);

/** A browser-like session: cookies only. */
async function browserSession(url: string) {
  const res = await fetch(`${url}/api/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: `b${nanoid(8).replace(/[^A-Za-z0-9]/g, 'x')}`, password: 'correct horse battery' }) });
  expect(res.status).toBe(201);
  return { session: cookieOf(res, 'tj_session')!, csrf: cookieOf(res, 'tj_csrf')! };
}

const createSeries = (url: string, headers: Record<string, string>) =>
  fetch(`${url}/api/series`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'Series', hashtag: `h${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}` }) });

describe('CSRF bound to the session', () => {
  it('a forged tj_csrf cookie with a matching header does not pass; the session’s own token does', async () => {
    const server = await boot();
    const { session, csrf } = await browserSession(server.url);
    const forged = await createSeries(server.url, { cookie: `tj_session=${session}; tj_csrf=attacker-chosen-value-0123456789`, 'x-csrf-token': 'attacker-chosen-value-0123456789' });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { field: string } }).error.field).toBe('csrf');
    expect((await createSeries(server.url, { cookie: `tj_session=${session}; tj_csrf=${csrf}`, 'x-csrf-token': csrf })).status).toBe(201);
  });

  it('another session’s token does not pass', async () => {
    const server = await boot();
    const victim = await browserSession(server.url);
    const attacker = await browserSession(server.url);
    expect((await createSeries(server.url, { cookie: `tj_session=${victim.session}; tj_csrf=${attacker.csrf}`, 'x-csrf-token': attacker.csrf })).status).toBe(403);
  });

  it('a GET hands a signed-in browser its session’s token when its cookie holds another', async () => {
    const server = await boot();
    const { session, csrf } = await browserSession(server.url);
    const res = await fetch(`${server.url}/api/series`, { headers: { cookie: `tj_session=${session}; tj_csrf=stale-value-from-before-signing-in` } });
    expect(cookieOf(res, 'tj_csrf')).toBe(csrf);
  });

  it('a stale session cookie does not block signing in', async () => {
    const server = await boot();
    const person = await new ApiClient(server.url).signUp();
    const res = await fetch(`${server.url}/api/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'tj_session=expired-or-signed-out-token; tj_csrf=whatever' },
      body: JSON.stringify({ handle: person.user!.handle, password: 'correct horse battery' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('origins compare scheme and host', () => {
  const open = (url: string, headers: Record<string, string>) => {
    const socket: JamSocket = connect(url, { transports: ['websocket'], reconnection: false, auth: { protocol: PROTOCOL_VERSION }, extraHeaders: headers });
    sockets.push(socket);
    return new Promise<JamSocket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  it('a socket from https://<our host> is refused by a server reached over http, and let in behind a TLS proxy', async () => {
    const server = await boot();
    const host = new URL(server.url).host;
    await expect(open(server.url, { origin: `https://${host}` })).rejects.toThrow();
    await expect(open(server.url, { origin: `http://${host}` })).resolves.toBeTruthy();
    // Behind a trusted proxy that terminates TLS, the page's origin is https.
    await expect(open(server.url, { origin: `https://${host}`, 'x-forwarded-proto': 'https' })).resolves.toBeTruthy();
  });

  it('an unsafe API request from the other scheme is refused', async () => {
    const server = await boot();
    const user = await new ApiClient(server.url).signUp();
    const res = await user.request('POST', '/api/series', { name: 'x', hashtag: `s${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}` }, { origin: `https://${new URL(server.url).host}` });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', field: 'origin' });
  });
});

describe('linking X while the bridge is off', () => {
  it('says who may link before saying the bridge is off', async () => {
    const server = await boot();
    const owner = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();
    expect((await new ApiClient(server.url).post(`/api/series/${series.slug}/x/link`)).status).toBe(401);
    expect((await (await new ApiClient(server.url).signUp()).post(`/api/series/${series.slug}/x/link`)).status).toBe(403);
    expect((await owner.post(`/api/series/${series.slug}/x/link`)).status).toBe(503);
  });
});
