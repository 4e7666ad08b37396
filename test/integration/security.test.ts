import { nanoid } from 'nanoid';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../server/server.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function boot(options: ServerOptions = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** The value of one cookie among a response's Set-Cookie headers, with its attributes. */
function setCookie(res: Response, name: string): { value: string; attributes: string } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';');
  return { value: pair!.slice(name.length + 1), attributes: attributes.join(';').toLowerCase() };
}

/** A browser-like session: cookies only, no bearer token. */
async function cookieSession(url: string) {
  const res = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle: `c${nanoid(8).replace(/[^A-Za-z0-9]/g, 'x')}`, password: 'correct horse battery' }),
  });
  expect(res.status).toBe(201);
  const session = setCookie(res, 'tj_session')!;
  const csrf = setCookie(res, 'tj_csrf')!;
  return { res, session, csrf, cookie: `tj_session=${session.value}; tj_csrf=${csrf.value}` };
}

const errorBody = (code: string, field?: string) => ({ error: expect.objectContaining({ code, message: expect.any(String), ...(field ? { field } : {}) }) });

describe('headers', () => {
  it('every response carries helmet headers and a strict CSP that lets our own scripts and sockets run', async () => {
    const server = await boot();
    const res = await fetch(`${server.url}/api/series`);
    const csp = res.headers.get('content-security-policy')!;
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'https:']);
    expect(directives['connect-src']).toEqual(["'self'", `ws://${new URL(server.url).host}`]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'self'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});

describe('accounts', () => {
  it('sign-up sets an httpOnly SameSite session cookie and a readable CSRF cookie; the password is stored only as a scrypt hash', async () => {
    const server = await boot();
    const { session, csrf } = await cookieSession(server.url);
    expect(session.attributes).toContain('httponly');
    expect(session.attributes).toContain('samesite=lax');
    expect(csrf.attributes).not.toContain('httponly');
    expect(csrf.attributes).toContain('samesite=lax');
    const rows = await server.store.db.selectFrom('users').select(['password_hash']).execute();
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(rows[0]!.password_hash).not.toContain('correct horse battery');
  });

  it('a readable tj_signed_in cookie lives exactly as long as the cookie session, so pages ask /api/auth/me only when signed in', async () => {
    const server = await boot();
    const { res, session, cookie } = await cookieSession(server.url);
    const hint = setCookie(res, 'tj_signed_in')!;
    expect(hint.value).toBe('1');
    expect(hint.attributes).not.toContain('httponly');
    expect(hint.attributes).toContain(session.attributes.match(/expires=[^;]+/)![0].slice(0, 12));
    // A session from before the hint existed gets it on its next API call.
    expect(setCookie(await fetch(`${server.url}/api/auth/me`, { headers: { cookie } }), 'tj_signed_in')?.value).toBe('1');
    expect(setCookie(await fetch(`${server.url}/api/auth/me`, { headers: { cookie: `${cookie}; tj_signed_in=1` } }), 'tj_signed_in')).toBeUndefined();
    // A session that is gone takes its hint with it, so the page stops asking.
    const stale = await fetch(`${server.url}/api/series`, { headers: { cookie: 'tj_session=signed-out-token; tj_signed_in=1' } });
    expect(setCookie(stale, 'tj_signed_in')).toMatchObject({ value: '' });
    expect(setCookie(stale, 'tj_signed_in')!.attributes).toContain('expires=thu, 01 jan 1970');
    const csrf = cookie.match(/tj_csrf=([^;]+)/)![1]!;
    const out = await fetch(`${server.url}/api/auth/signout`, { method: 'POST', headers: { cookie: `${cookie}; tj_signed_in=1`, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(setCookie(out, 'tj_signed_in')).toMatchObject({ value: '' });
    expect(setCookie(out, 'tj_session')).toMatchObject({ value: '' });
  });

  it('handles are unique whatever their letter case', async () => {
    const server = await boot();
    await new ApiClient(server.url).signUp('Alice_W');
    const again = await new ApiClient(server.url).post('/api/auth/signup', { handle: 'alice_w', password: 'another password' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(errorBody('conflict', 'handle'));
  });
});

describe('CSRF (double-submit cookie)', () => {
  it('a cookie-authenticated write needs X-CSRF-Token equal to the tj_csrf cookie; bearer requests are exempt', async () => {
    const server = await boot();
    const { cookie, csrf, res } = await cookieSession(server.url);
    const body = () => JSON.stringify({ name: 'Series', hashtag: `h${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}` });
    const post = (headers: Record<string, string>) => fetch(`${server.url}/api/series`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, ...headers }, body: body() });

    const missing = await post({});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toEqual(errorBody('forbidden', 'csrf'));
    const wrong = await post({ 'x-csrf-token': 'not-the-cookie-value-at-all' });
    expect(wrong.status).toBe(403);
    expect((await post({ 'x-csrf-token': csrf.value })).status).toBe(201);

    const { token } = (await res.json()) as { token: string };
    const bearer = await fetch(`${server.url}/api/series`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body() });
    expect(bearer.status).toBe(201);
  });

  it('any API GET without the cookie hands one out', async () => {
    const server = await boot();
    const res = await fetch(`${server.url}/api/series`);
    expect(setCookie(res, 'tj_csrf')?.value).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const again = await fetch(`${server.url}/api/series`, { headers: { cookie: 'tj_csrf=abcdefghijklmnopqrstuvwxyz' } });
    expect(setCookie(again, 'tj_csrf')).toBeUndefined();
  });

  it('a write from another site’s page is refused by its Origin', async () => {
    const server = await boot();
    const user = await new ApiClient(server.url).signUp();
    const foreign = await user.request('POST', '/api/series', { name: 'x', hashtag: 'foreignorigin' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual(errorBody('forbidden', 'origin'));
    const own = await user.request('POST', '/api/series', { name: 'x', hashtag: 'ownorigin' }, { origin: server.url });
    expect(own.status).toBe(201);
  });
});

describe('sockets: origin, live re-checks, sign-out', () => {
  const open = (url: string, extra: { origin?: string; token?: string }) => {
    const socket: JamSocket = connect(url, {
      transports: ['websocket'],
      reconnection: false,
      auth: { protocol: PROTOCOL_VERSION, ...(extra.token ? { token: extra.token } : {}) },
      extraHeaders: extra.origin ? { origin: extra.origin } : {},
    });
    sockets.push(socket);
    return new Promise<JamSocket>((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  };

  it('a WebSocket from another site is refused; our own origin and non-browser clients are let in', async () => {
    const server = await boot();
    await expect(open(server.url, { origin: 'https://evil.example' })).rejects.toThrow();
    await expect(open(server.url, { origin: server.url })).resolves.toBeTruthy();
    await expect(open(server.url, {})).resolves.toBeTruthy();
  });

  it('a ban reaches an already-open socket at once, and so does lifting it; a mute stops posts but not boosts', async () => {
    const server = await boot();
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const troll = await new ApiClient(server.url).signUp();
    const socket = await troll.connect();
    sockets.push(socket);
    await socket.emitWithAck('jam:join', { slug: jam.slug });
    const send = () => socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'hello' });
    expect(await send()).toMatchObject({ ok: true });

    await host.post(`/api/series/${series.slug}/sanctions`, { handle: troll.user!.handle, kind: 'ban', reason: 'spam' });
    expect(await send()).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden', field: 'banned' }) });
    const hostPost = await host.postMessage(jam.slug, 'host speaking');
    expect(await socket.emitWithAck('message:boost', { slug: jam.slug, id: hostPost.body.message.id, boosted: true })).toEqual({ ok: false, error: expect.objectContaining({ field: 'banned' }) });

    await host.post(`/api/series/${series.slug}/sanctions/lift`, { handle: troll.user!.handle, kind: 'ban' });
    expect(await send()).toMatchObject({ ok: true });

    await host.post(`/api/series/${series.slug}/sanctions`, { handle: troll.user!.handle, kind: 'mute', jam: jam.slug });
    expect(await send()).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden', field: 'muted' }) });
    expect(await socket.emitWithAck('message:boost', { slug: jam.slug, id: hostPost.body.message.id, boosted: true })).toMatchObject({ ok: true });
  });

  it('signing out disconnects that session’s sockets, not the same user’s other sessions', async () => {
    const server = await boot();
    const laptop = await new ApiClient(server.url).signUp();
    const phone = new ApiClient(server.url);
    const signin = await phone.post<{ token: string }>('/api/auth/signin', { handle: laptop.user!.handle, password: 'correct horse battery' });
    phone.token = signin.body.token;
    const laptopSocket = await laptop.connect();
    const phoneSocket = await phone.connect();
    sockets.push(laptopSocket, phoneSocket);
    const dropped = new Promise<string>((resolve) => laptopSocket.once('disconnect', resolve));
    expect((await laptop.post('/api/auth/signout')).status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
    expect(phoneSocket.connected).toBe(true);
    expect((await laptop.get('/api/auth/me')).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('brute-force sign-in is cut off per IP and handle, with the retry time; other handles still sign in', async () => {
    const server = await boot({ rateLimits: { signInFailures: 5 } });
    const victim = await new ApiClient(server.url).signUp();
    const bystander = await new ApiClient(server.url).signUp();
    const attacker = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) expect((await attacker.post('/api/auth/signin', { handle: victim.user!.handle, password: `guess-${i}` })).status).toBe(401);
    const blocked = await attacker.post('/api/auth/signin', { handle: victim.user!.handle, password: 'guess-6' });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('try again in'), retryAfter: expect.any(Number) } });
    expect(blocked.body.error!.retryAfter).toBeGreaterThan(800);
    expect(Number(blocked.headers.get('retry-after'))).toBe(blocked.body.error!.retryAfter);
    // Even the right password waits now, and the case of the handle does not reset the count.
    expect((await attacker.post('/api/auth/signin', { handle: victim.user!.handle.toUpperCase(), password: 'correct horse battery' })).status).toBe(429);
    expect((await attacker.post('/api/auth/signin', { handle: bystander.user!.handle, password: 'correct horse battery' })).status).toBe(200);
  });

  it('HTTP writes per user are limited with the documented error and Retry-After', async () => {
    const server = await boot({ rateLimits: { writesPerUser: 3 } });
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries(); // 1
    const jam = await host.createJam(series.slug, { live: true }); // 2, 3
    const res = await host.postMessage(jam.slug, 'one too many');
    expect(res.status).toBe(429);
    expect(res.body).toEqual(errorBody('rate_limited'));
    expect(res.body.error!.retryAfter).toBeGreaterThan(0);
    expect(res.headers.get('retry-after')).toBe(String(res.body.error!.retryAfter));
  });

  it('socket writes per user are limited and acked with the retry time', async () => {
    const server = await boot({ rateLimits: { socketWritesPerUser: 3 } });
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const socket = await host.connect();
    sockets.push(socket);
    const send = () => socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'hi' });
    for (let i = 0; i < 3; i++) expect(await send()).toMatchObject({ ok: true });
    expect(await send()).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.any(String), retryAfter: expect.any(Number) } });
  });

  it('socket handshakes count against the per-IP event limit', async () => {
    const server = await boot({ rateLimits: { socketEventsPerIp: 2 } });
    const anon = new ApiClient(server.url);
    sockets.push(await anon.connect(), await anon.connect());
    const refused = await anon.connect().catch((error: Error & { data?: unknown }) => error);
    expect(refused).toMatchObject({ message: 'rate_limited', data: { code: 'rate_limited', retryAfter: expect.any(Number) } });
  });
});

describe('errors', () => {
  it('anonymous POST /api/jams → 401', async () => {
    const server = await boot();
    const res = await new ApiClient(server.url).post('/api/jams', { series: 'anything', title: 'x' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(errorBody('unauthenticated'));
  });

  it('an unknown API address → 404 naming the method and the whole path', async () => {
    const server = await boot();
    const res = await new ApiClient(server.url).get('/api/series/cxjam/nowhere?x=1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'API route GET /api/series/cxjam/nowhere not found' } });
  });

  it('malformed JSON → 400 and a 5 MB body → 413, each with the documented error body', async () => {
    const server = await boot();
    const user = await new ApiClient(server.url).signUp();
    const malformed = await user.request('POST', '/api/series', '{"name": "x",');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ error: { code: 'invalid_input', message: 'the body is not valid JSON' } });
    const huge = await user.request('POST', '/api/series', JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ error: { code: 'payload_too_large', message: 'the body is too large' } });
    const badEscape = await user.get('/api/jams/%E0%A4%A');
    expect(badEscape.status).toBe(400);
    expect(badEscape.body).toEqual({ error: { code: 'invalid_input', message: expect.any(String) } });
  });

  it('an unexpected failure says nothing about the inside: no stack, no message, over HTTP or socket', async () => {
    const server = await boot();
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const secret = new Error('connection to /var/secret/db.sqlite failed');
    server.services.jams.opening = () => Promise.reject(secret);
    server.services.posting.post = () => Promise.reject(secret);
    const res = await host.get(`/api/jams/${jam.slug}`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'something went wrong on our side' } });
    const socket = await host.connect();
    sockets.push(socket);
    const ack = await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'hi' });
    expect(ack).toEqual({ ok: false, error: { code: 'internal', message: 'something went wrong on our side' } });
    expect(JSON.stringify([res.body, ack])).not.toMatch(/secret|at .*\.ts/);
  });
});
