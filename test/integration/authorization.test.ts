import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { Ack, ClientToServerEvents } from '../../shared/protocol.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

/**
 * The authorization matrix: every role × every write action, over HTTP and over the socket,
 * → allowed (2xx / ok ack) or denied (401 for anonymous, 403 for everyone else) as designed.
 * Rate limits are off here: this is about who, not how often.
 */

const ROLES = ['anonymous', 'participant', 'panelist', 'owner', 'cohost', 'otherHost', 'banned', 'siteAdmin'] as const;
type Role = (typeof ROLES)[number];

// A site operator (ADMIN_HANDLES) is an ordinary account inside series it has not taken over.
const SIGNED_IN: Role[] = ['participant', 'panelist', 'owner', 'cohost', 'otherHost', 'banned', 'siteAdmin'];
const HOSTS: Role[] = ['owner', 'cohost'];
const NOT_BANNED: Role[] = ['participant', 'panelist', 'owner', 'cohost', 'otherHost', 'siteAdmin'];
const SITE_ADMIN: Role[] = ['siteAdmin'];
const ADMIN_HANDLE = `ops_${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}`;

let server: RunningServer;
const clients = {} as Record<Role, ApiClient>;
const sockets = {} as Record<Role, JamSocket>;
let owner: ApiClient;
let seriesSlug: string;
/** The other host's series: there only they have power. */
let otherSeriesSlug: string;
let jamSlug: string;
/** Someone to mute, make panelist or co-host, and so on. */
let target: ApiClient;

const tag = () => `t${nanoid(8).replace(/[^A-Za-z0-9]/g, 'x')}`;

/** A fresh visible message by the owner (host: never slowed, never held). */
async function freshMessage(): Promise<string> {
  const res = await owner.postMessage(jamSlug, `fixture ${nanoid(6)}`);
  if (res.status !== 201) throw new Error(`fixture post failed: ${JSON.stringify(res.body)}`);
  return res.body.message.id;
}

/** A held message: pre-moderation is switched on just for the fixture's author, a first-time poster. */
async function heldMessage(): Promise<string> {
  const author = await new ApiClient(server.url).signUp();
  await author.post(`/api/series/${seriesSlug}/rules/accept`);
  await owner.patch(`/api/jams/${jamSlug}/moderation`, { premoderation: true });
  const res = await author.postMessage(jamSlug, 'first post, held');
  await owner.patch(`/api/jams/${jamSlug}/moderation`, { premoderation: false });
  if (!res.body.message?.held) throw new Error(`fixture was not held: ${JSON.stringify(res.body)}`);
  return res.body.message.id;
}

async function freshReport(): Promise<string> {
  const id = await freshMessage();
  await clients.participant.post(`/api/jams/${jamSlug}/messages/${id}/report`, { reason: 'spam' });
  const queue = await owner.get<{ reports: { id: string; message: { id: string } }[] }>(`/api/jams/${jamSlug}/moderation`);
  return queue.body.reports.find((r) => r.message.id === id)!.id;
}

interface Action {
  name: string;
  allowed: Role[];
  http?: (client: ApiClient) => Promise<{ status: number; body: unknown }>;
  socket?: (socket: JamSocket) => Promise<Ack>;
}

const emit = <E extends keyof ClientToServerEvents>(socket: JamSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]) =>
  (socket.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<Ack>)(event, payload);

const actions: Action[] = [
  { name: 'create a series', allowed: SIGNED_IN, http: (c) => c.post('/api/series', { name: 'New', hashtag: tag() }) },
  { name: 'edit the series', allowed: HOSTS, http: (c) => c.patch(`/api/series/${seriesSlug}`, { description: `edited ${nanoid(4)}` }) },
  {
    name: 'create a jam in the series',
    allowed: HOSTS,
    http: (c) => c.post('/api/jams', { series: seriesSlug, title: 'Another', startsAt: new Date(Date.now() + 86_400_000).toISOString() }),
  },
  { name: 'edit the jam', allowed: HOSTS, http: (c) => c.patch(`/api/jams/${jamSlug}`, { description: `edited ${nanoid(4)}` }) },
  {
    name: 'run the show (extend)',
    allowed: HOSTS,
    http: (c) => c.post(`/api/jams/${jamSlug}/show`, { action: 'extend', minutes: 1 }),
    socket: (s) => emit(s, 'show:control', { slug: jamSlug, action: 'extend', minutes: 1 }),
  },
  {
    name: 'post a message',
    allowed: NOT_BANNED,
    http: (c) => c.postMessage(jamSlug, 'hello'),
    socket: (s) => emit(s, 'message:send', { slug: jamSlug, clientId: nanoid(), text: 'hello' }),
  },
  {
    name: 'hide a message',
    allowed: HOSTS,
    http: async (c) => c.post(`/api/jams/${jamSlug}/messages/${await freshMessage()}/moderation`, { action: 'hide', reason: 'test' }),
    socket: async (s) => emit(s, 'message:moderate', { slug: jamSlug, id: await freshMessage(), action: 'hide', reason: 'test' }),
  },
  {
    name: 'feature a message',
    allowed: HOSTS,
    http: async (c) => c.post(`/api/jams/${jamSlug}/messages/${await freshMessage()}/moderation`, { action: 'feature' }),
    socket: async (s) => emit(s, 'message:moderate', { slug: jamSlug, id: await freshMessage(), action: 'feature' }),
  },
  {
    name: 'boost a message',
    allowed: NOT_BANNED,
    http: async (c) => c.post(`/api/jams/${jamSlug}/messages/${await freshMessage()}/boost`, { boosted: true }),
    socket: async (s) => emit(s, 'message:boost', { slug: jamSlug, id: await freshMessage(), boosted: true }),
  },
  {
    name: "delete someone else's message",
    allowed: HOSTS,
    http: async (c) => c.request('DELETE', `/api/jams/${jamSlug}/messages/${await freshMessage()}`, { reason: 'test' }),
    socket: async (s) => emit(s, 'message:delete', { slug: jamSlug, id: await freshMessage(), reason: 'test' }),
  },
  {
    name: 'report a message',
    allowed: NOT_BANNED,
    http: async (c) => c.post(`/api/jams/${jamSlug}/messages/${await freshMessage()}/report`, { reason: 'spam' }),
    socket: async (s) => emit(s, 'message:report', { slug: jamSlug, id: await freshMessage(), reason: 'spam' }),
  },
  { name: 'approve a held message', allowed: HOSTS, http: async (c) => c.post(`/api/jams/${jamSlug}/messages/${await heldMessage()}/approve`) },
  { name: 'set slow mode and pre-moderation', allowed: HOSTS, http: (c) => c.patch(`/api/jams/${jamSlug}/moderation`, { slowModeSec: 0, premoderation: false }) },
  { name: 'read the moderation queue', allowed: HOSTS, http: (c) => c.get(`/api/jams/${jamSlug}/moderation`) },
  { name: 'dismiss a report', allowed: HOSTS, http: async (c) => c.post(`/api/jams/${jamSlug}/reports/${await freshReport()}/dismiss`) },
  { name: 'mute someone', allowed: HOSTS, http: (c) => c.post(`/api/series/${seriesSlug}/sanctions`, { handle: target.user!.handle, kind: 'mute', minutes: 1 }) },
  { name: 'ban someone from the jam', allowed: HOSTS, http: (c) => c.post(`/api/series/${seriesSlug}/sanctions`, { handle: target.user!.handle, kind: 'ban', jam: jamSlug, minutes: 1 }) },
  { name: 'lift a mute', allowed: HOSTS, http: (c) => c.post(`/api/series/${seriesSlug}/sanctions/lift`, { handle: target.user!.handle, kind: 'mute' }) },
  { name: 'list sanctions', allowed: HOSTS, http: (c) => c.get(`/api/series/${seriesSlug}/sanctions`) },
  { name: 'read the audit log', allowed: HOSTS, http: (c) => c.get(`/api/series/${seriesSlug}/audit`) },
  {
    name: 'add a co-host',
    allowed: ['owner'],
    http: async (c) => c.post(`/api/series/${seriesSlug}/hosts`, { handle: (await new ApiClient(server.url).signUp()).user!.handle }),
  },
  {
    name: 'remove a co-host',
    allowed: ['owner'],
    http: async (c) => {
      const cohost = await new ApiClient(server.url).signUp();
      await owner.post(`/api/series/${seriesSlug}/hosts`, { handle: cohost.user!.handle });
      return c.request('DELETE', `/api/series/${seriesSlug}/hosts/${cohost.user!.handle}`);
    },
  },
  { name: 'add a panelist by handle', allowed: HOSTS, http: (c) => c.post(`/api/jams/${jamSlug}/panelists`, { handle: target.user!.handle }) },
  {
    name: 'remove a panelist',
    allowed: HOSTS,
    http: async (c) => {
      await owner.post(`/api/jams/${jamSlug}/panelists`, { handle: target.user!.handle });
      return c.request('DELETE', `/api/jams/${jamSlug}/panelists/${target.user!.handle}`);
    },
  },
  { name: 'create a panelist invite link', allowed: HOSTS, http: (c) => c.post(`/api/jams/${jamSlug}/invites`, { uses: 1 }) },
  {
    name: 'accept a panelist invite link',
    allowed: NOT_BANNED,
    http: async (c) => {
      const invite = await owner.post<{ invite: { token: string } }>(`/api/jams/${jamSlug}/invites`, { uses: 1 });
      const res = await c.post(`/api/invites/${invite.body.invite.token}/accept`);
      // Undo, so the participant stays a participant for the rest of the matrix.
      if (res.status === 200 && (c === clients.participant || c === clients.otherHost || c === clients.siteAdmin)) await owner.request('DELETE', `/api/jams/${jamSlug}/panelists/${c.user!.handle}`);
      return res;
    },
  },
  { name: 'read the X bridge state', allowed: HOSTS, http: (c) => c.get(`/api/series/${seriesSlug}/x`) },
  { name: 'unlink the series from X', allowed: ['owner'], http: (c) => c.request('DELETE', `/api/series/${seriesSlug}/x`) },
  { name: 'set my own X mirroring preference', allowed: SIGNED_IN, http: (c) => c.request('PUT', `/api/series/${seriesSlug}/x/mirror`, { enabled: false }) },
  {
    name: "add a webhook to the other host's series",
    allowed: ['otherHost'],
    http: (c) => c.post(`/api/series/${otherSeriesSlug}/webhooks`, { url: 'http://127.0.0.1:1/hook' }),
  },
  { name: "read the other host's webhooks", allowed: ['otherHost'], http: (c) => c.get(`/api/series/${otherSeriesSlug}/webhooks`) },
  {
    name: "remove a webhook of the other host's series",
    allowed: ['otherHost'],
    http: async (c) => {
      const created = await clients.otherHost.post<{ webhook: { id: string } }>(`/api/series/${otherSeriesSlug}/webhooks`, { url: 'http://127.0.0.1:1/hook' });
      if (created.status !== 201) throw new Error(`fixture webhook failed: ${JSON.stringify(created.body)}`);
      return c.request('DELETE', `/api/series/${otherSeriesSlug}/webhooks/${created.body.webhook.id}`);
    },
  },
  { name: "edit the other host's series", allowed: ['otherHost'], http: (c) => c.patch(`/api/series/${otherSeriesSlug}`, { description: `edited ${nanoid(4)}` }) },
  { name: 'accept the series rules', allowed: SIGNED_IN, http: (c) => c.post(`/api/series/${seriesSlug}/rules/accept`) },
  { name: 'edit my profile', allowed: SIGNED_IN, http: (c) => c.patch('/api/auth/me', { bio: `bio ${nanoid(4)}` }) },
  { name: 'list every series (site admin)', allowed: SITE_ADMIN, http: (c) => c.get('/api/admin/series') },
  { name: 'list suspended accounts', allowed: SITE_ADMIN, http: (c) => c.get('/api/admin/suspensions') },
  {
    name: 'suspend an account site-wide',
    allowed: SITE_ADMIN,
    http: async (c) => c.post('/api/admin/suspensions', { handle: (await new ApiClient(server.url).signUp()).user!.handle, reason: 'spam everywhere' }),
  },
  {
    name: 'lift a suspension',
    allowed: SITE_ADMIN,
    http: async (c) => {
      const handle = (await new ApiClient(server.url).signUp()).user!.handle;
      await clients.siteAdmin.post('/api/admin/suspensions', { handle, reason: 'fixture' });
      return c.request('DELETE', `/api/admin/suspensions/${handle}`);
    },
  },
  {
    name: 'take over an abandoned series',
    allowed: SITE_ADMIN,
    http: async (c) => c.post(`/api/admin/series/${(await (await new ApiClient(server.url).signUp()).createSeries()).slug}/takeover`, { reason: 'owner gone' }),
  },
  { name: 'read escalated reports', allowed: SITE_ADMIN, http: (c) => c.get('/api/admin/reports') },
];

beforeAll(async () => {
  server = await startTestServer({ adminHandles: [ADMIN_HANDLE] });
  // Webhooks to a closed local port: nothing leaves the machine.
  server.services.webhooks.allowPrivateTargets = true;
  owner = await new ApiClient(server.url).signUp();
  clients.owner = owner;
  clients.anonymous = new ApiClient(server.url);
  for (const role of ['participant', 'panelist', 'cohost', 'otherHost', 'banned'] as const) clients[role] = await new ApiClient(server.url).signUp();
  clients.siteAdmin = await new ApiClient(server.url).signUp(ADMIN_HANDLE);
  target = await new ApiClient(server.url).signUp();

  const series = await owner.createSeries({ rules: 'Be kind. No spam.' });
  seriesSlug = series.slug;
  expect((await owner.post(`/api/series/${seriesSlug}/hosts`, { handle: clients.cohost.user!.handle })).status).toBe(201);
  otherSeriesSlug = (await clients.otherHost.createSeries()).slug;
  jamSlug = (await owner.createJam(seriesSlug, { live: true, panelists: [clients.panelist.user!.handle] })).slug;
  for (const role of NOT_BANNED) await clients[role].post(`/api/series/${seriesSlug}/rules/accept`);
  await clients.banned.post(`/api/series/${seriesSlug}/rules/accept`);
  expect((await owner.post(`/api/series/${seriesSlug}/sanctions`, { handle: clients.banned.user!.handle, kind: 'ban', reason: 'spam' })).status).toBe(201);
  for (const role of ROLES) sockets[role] = await clients[role].connect();
});

afterAll(async () => {
  for (const socket of Object.values(sockets)) socket.close();
  await server.close();
});

const deniedStatus = (role: Role) => (role === 'anonymous' ? 401 : 403);
const deniedCode = (role: Role) => (role === 'anonymous' ? 'unauthenticated' : 'forbidden');

describe('authorization matrix over HTTP', () => {
  const cases = actions.filter((a) => a.http).flatMap((action) => ROLES.map((role) => ({ action, role, allowed: action.allowed.includes(role) })));
  it.each(cases.map((c) => [c.action.name, c.role, c.allowed ? 'allowed' : 'denied', c] as const))('%s as %s → %s', async (_name, role, _verdict, { action, allowed }) => {
    const res = await action.http!(clients[role]);
    if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    else {
      expect(res.status, JSON.stringify(res.body)).toBe(deniedStatus(role));
      expect(res.body).toEqual({ error: expect.objectContaining({ code: deniedCode(role) }) });
    }
  });
});

describe('authorization matrix over the socket', () => {
  const cases = actions.filter((a) => a.socket).flatMap((action) => ROLES.map((role) => ({ action, role, allowed: action.allowed.includes(role) })));
  it.each(cases.map((c) => [c.action.name, c.role, c.allowed ? 'allowed' : 'denied', c] as const))('%s as %s → %s', async (_name, role, _verdict, { action, allowed }) => {
    const ack = await action.socket!(sockets[role]);
    if (allowed) expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    else expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: deniedCode(role) }) });
  });
});

describe('what the roles see of themselves', () => {
  it('GET /api/jams/:slug carries the caller’s standing, and null for lurkers', async () => {
    const viewerOf = async (role: Role) => (await clients[role].get<{ viewer: unknown }>(`/api/jams/${jamSlug}`)).body.viewer;
    expect(await viewerOf('anonymous')).toBeNull();
    expect(await viewerOf('owner')).toEqual({ role: 'host', hostRole: 'owner', acceptedRules: true, muted: false, banned: false });
    expect(await viewerOf('cohost')).toEqual({ role: 'host', hostRole: 'cohost', acceptedRules: true, muted: false, banned: false });
    expect(await viewerOf('panelist')).toMatchObject({ role: 'panelist', banned: false });
    expect(await viewerOf('otherHost')).toMatchObject({ role: 'participant', hostRole: null });
    expect(await viewerOf('banned')).toMatchObject({ role: 'participant', banned: true });
  });
});
