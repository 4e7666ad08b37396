import { nanoid } from 'nanoid';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { AuditEntryView, ModerationQueueView, ViewerState } from '../../shared/moderation.ts';
import type { JamView, MessageView } from '../../shared/model.ts';
import { FakeClock } from '../support/fakeClock.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';

const servers: RunningServer[] = [];
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A live jam in a series with rules, a host, and helpers to make accepted participants and viewers. */
async function liveJam(options: { rules?: string; clock?: FakeClock } = {}) {
  const server = await startTestServer({ clock: options.clock });
  servers.push(server);
  const host = await new ApiClient(server.url).signUp();
  const series = await host.createSeries({ rules: options.rules ?? 'Be kind.' });
  const jam = await host.createJam(series.slug, { live: true });
  const participant = async () => {
    const client = await new ApiClient(server.url).signUp();
    await client.post(`/api/series/${series.slug}/rules/accept`);
    return client;
  };
  const watch = async (client: ApiClient = new ApiClient(server.url)) => {
    const socket = await client.connect();
    sockets.push(socket);
    await socket.emitWithAck('jam:join', { slug: jam.slug });
    return socket;
  };
  const viewer = async (client: ApiClient) => (await client.get<{ viewer: ViewerState | null }>(`/api/jams/${jam.slug}`)).body.viewer;
  const audit = async () => (await host.get<{ entries: AuditEntryView[] }>(`/api/series/${series.slug}/audit`)).body.entries;
  return { server, host, series, jam, participant, watch, viewer, audit };
}

describe('rules shown on first join, accepted before the first post', () => {
  it('a first post waits for the rules; changed rules must be accepted again', async () => {
    const { server, host, series, jam, viewer } = await liveJam({ rules: 'No spam.' });
    const newcomer = await new ApiClient(server.url).signUp();
    expect(await viewer(newcomer)).toEqual({ role: 'participant', hostRole: null, acceptedRules: false, muted: false, banned: false });
    const refused = await newcomer.postMessage(jam.slug, 'hi all');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', field: 'rules' });

    expect((await newcomer.post(`/api/series/${series.slug}/rules/accept`)).body).toEqual({ accepted: true });
    expect((await viewer(newcomer))!.acceptedRules).toBe(true);
    expect((await newcomer.postMessage(jam.slug, 'hi all')).status).toBe(201);

    await host.patch(`/api/series/${series.slug}`, { rules: 'No spam. No pitching.' });
    expect((await viewer(newcomer))!.acceptedRules).toBe(false);
    expect((await newcomer.postMessage(jam.slug, 'again')).body.error).toMatchObject({ field: 'rules' });
  });

  it('a series without rules needs no acceptance', async () => {
    const { server, jam } = await liveJam({ rules: '' });
    const newcomer = await new ApiClient(server.url).signUp();
    expect((await newcomer.postMessage(jam.slug, 'hello')).status).toBe(201);
  });
});

describe('hide and delete', () => {
  it('a hidden message vanishes live and from every export; its reason is in the audit log', async () => {
    const { host, jam, participant, watch, audit } = await liveJam();
    const author = await participant();
    const lurker = await watch();
    const created = collect(lurker, 'message:created', 1);
    const posted = await author.postMessage(jam.slug, 'buy cheap followers at spam.example');
    await created;
    const hidden = collect(lurker, 'message:hidden', 1);
    const res = await host.post(`/api/jams/${jam.slug}/messages/${posted.body.message.id}/moderation`, { action: 'hide', reason: 'spam link' });
    expect(res.body.message).toMatchObject({ hidden: true });
    expect(await hidden).toEqual([{ jamSlug: jam.slug, id: posted.body.message.id }]);
    // Curating a hidden message tells nobody about it.
    let leaked = false;
    lurker.on('message:updated', () => (leaked = true));
    await host.post(`/api/jams/${jam.slug}/messages/${posted.body.message.id}/moderation`, { action: 'feature' });
    const after = collect(lurker, 'message:created', 1);
    await host.postMessage(jam.slug, 'a later post');
    await after;
    expect(leaked).toBe(false);

    // Reports and the digest are of ended jams.
    expect((await host.post(`/api/jams/${jam.slug}/show`, { action: 'end' })).status).toBe(200);
    const exports = ['transcript.json', 'transcript.md', 'transcript.html', 'transcript.csv', 'report.json', 'report.csv', 'contributors.csv', 'digest.json', 'digest.md'];
    for (const name of exports) {
      const exported = await host.get(`/api/jams/${jam.slug}/${name}`);
      expect(exported.status, name).toBe(200);
      expect(JSON.stringify(exported.body), name).not.toContain('cheap followers');
    }
    const lurkerView = await new ApiClient(author.baseUrl).get<{ messages: MessageView[] }>(`/api/jams/${jam.slug}/messages`);
    expect(lurkerView.body.messages.map((m) => m.id)).not.toContain(posted.body.message.id);
    const hostView = await host.get<{ messages: MessageView[] }>(`/api/jams/${jam.slug}/messages`);
    expect(hostView.body.messages.find((m) => m.id === posted.body.message.id)).toMatchObject({ hidden: true });

    expect((await audit()).find((e) => e.action === 'message.hide')).toMatchObject({ reason: 'spam link', actor: { handle: host.user!.handle }, target: { handle: author.user!.handle }, jamSlug: jam.slug });
  });

  it('authors delete their own messages, hosts anyone’s; deleted messages are gone for everyone, hosts included', async () => {
    const { host, jam, participant, watch, audit } = await liveJam();
    const author = await participant();
    const other = await participant();
    const lurker = await watch();
    const mine = (await author.postMessage(jam.slug, 'oops, wrong chat')).body.message;
    const theirs = (await other.postMessage(jam.slug, 'an insult')).body.message;

    expect((await author.request('DELETE', `/api/jams/${jam.slug}/messages/${theirs.id}`)).status).toBe(403);
    const gone = collect(lurker, 'message:hidden', 2);
    expect((await author.request('DELETE', `/api/jams/${jam.slug}/messages/${mine.id}`)).status).toBe(204);
    expect((await host.request('DELETE', `/api/jams/${jam.slug}/messages/${theirs.id}`, { reason: 'abuse' })).status).toBe(204);
    expect((await gone).map((e) => e.id)).toEqual([mine.id, theirs.id]);

    const hostView = await host.get<{ messages: MessageView[] }>(`/api/jams/${jam.slug}/messages`);
    expect(hostView.body.messages.map((m) => m.id)).not.toContain(theirs.id);
    expect((await host.get(`/api/jams/${jam.slug}/transcript.html`)).body).not.toContain('an insult');
    expect((await audit()).slice(0, 2).map((e) => [e.action, e.reason])).toEqual([
      ['message.delete', 'abuse'],
      ['message.delete', null],
    ]);
  });
});

describe('slow mode', () => {
  it('one post per N seconds per participant, with the retry time; retries of a sent post and hosts are not slowed', async () => {
    const clock = new FakeClock();
    const { host, jam, participant } = await liveJam({ clock });
    expect((await host.patch(`/api/jams/${jam.slug}/moderation`, { slowModeSec: 30 })).body).toEqual({ slowModeSec: 30, premoderation: false });
    expect((await host.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam.slowModeSec).toBe(30);
    const talker = await participant();
    const clientId = nanoid();
    expect((await talker.postMessage(jam.slug, 'first', { clientId })).status).toBe(201);
    clock.advance(10_000);
    const slowed = await talker.postMessage(jam.slug, 'second');
    expect(slowed.status).toBe(429);
    expect(slowed.body.error).toMatchObject({ code: 'rate_limited', field: 'slowMode', retryAfter: 20 });
    expect(slowed.headers.get('retry-after')).toBe('20');
    expect((await talker.postMessage(jam.slug, 'first', { clientId })).status).toBe(200);
    expect((await host.postMessage(jam.slug, 'hosts talk freely')).status).toBe(201);
    expect((await host.postMessage(jam.slug, 'as often as they like')).status).toBe(201);
    clock.advance(20_000);
    expect((await talker.postMessage(jam.slug, 'second')).status).toBe(201);
  });
});

describe('pre-moderation of first-time posters', () => {
  it('a newcomer’s first post is held for hosts only, then published with a fresh seq that a resuming viewer receives', async () => {
    const { host, jam, participant, watch } = await liveJam();
    const regular = await participant();
    expect((await regular.postMessage(jam.slug, 'I have been here before')).status).toBe(201);
    await host.patch(`/api/jams/${jam.slug}/moderation`, { premoderation: true });

    const lurker = await watch();
    const hostSocket = await watch(host);
    const queued = collect(hostSocket, 'moderation:queued', 1);
    const newcomer = await participant();
    const held = await newcomer.postMessage(jam.slug, 'hello from a newcomer');
    expect(held.status).toBe(201);
    expect(held.body.message).toMatchObject({ held: true, hidden: true });
    expect((await queued)[0]).toMatchObject({ kind: 'held', message: { id: held.body.message.id } });

    // Nobody but hosts sees it; the regular is not held.
    const lurkerCreated = collect(lurker, 'message:created', 1);
    expect((await regular.postMessage(jam.slug, 'still not held')).body.message).toMatchObject({ held: false });
    expect((await lurkerCreated)[0]!.text).toContain('still not held');
    const seen = await new ApiClient(host.baseUrl).get<{ messages: MessageView[]; lastSeq: number }>(`/api/jams/${jam.slug}/messages`);
    expect(seen.body.messages.map((m) => m.text).join()).not.toContain('newcomer');
    for (const name of ['transcript.json', 'transcript.html']) expect(JSON.stringify((await host.get(`/api/jams/${jam.slug}/${name}`)).body)).not.toContain('hello from a newcomer');
    expect((await host.get<{ hits: unknown[] }>(`/api/search?q=newcomer&jam=${jam.slug}`)).body.hits).toEqual([]);
    const queue = await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`);
    expect(queue.body.held.map((m) => m.id)).toEqual([held.body.message.id]);

    const published = collect(lurker, 'message:created', 1);
    const approved = await host.post<{ message: MessageView }>(`/api/jams/${jam.slug}/messages/${held.body.message.id}/approve`);
    expect(approved.body.message).toMatchObject({ held: false, hidden: false });
    expect(approved.body.message.seq).toBeGreaterThan(seen.body.lastSeq);
    expect((await published)[0]).toMatchObject({ id: held.body.message.id, seq: approved.body.message.seq });

    // A viewer that had everything up to lastSeq before the approval gets it on resume.
    const late = await new ApiClient(host.baseUrl).connect();
    sockets.push(late);
    const resumed = await late.emitWithAck('jam:join', { slug: jam.slug, since: seen.body.lastSeq });
    expect(resumed.ok && resumed.messages.map((m) => m.id)).toContain(held.body.message.id);

    expect((await newcomer.postMessage(jam.slug, 'my second post')).body.message).toMatchObject({ held: false });
    expect((await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body.held).toEqual([]);
  });
});

describe('reports → the hosts’ moderation queue', () => {
  it('reports reach hosts live and queue up once per reporter; hiding resolves them, dismissing too', async () => {
    const { host, jam, participant, watch, audit } = await liveJam();
    const [author, reporter, second] = [await participant(), await participant(), await participant()];
    const hostSocket = await watch(host);
    const lurker = await watch();
    const bad = (await author.postMessage(jam.slug, 'something nasty')).body.message;
    const fine = (await author.postMessage(jam.slug, 'something fine')).body.message;

    const queued = collect(hostSocket, 'moderation:queued', 1);
    let leaked = false;
    lurker.on('moderation:queued', () => (leaked = true));
    expect((await reporter.post(`/api/jams/${jam.slug}/messages/${bad.id}/report`, { reason: 'harassment' })).status).toBe(201);
    expect((await queued)[0]).toMatchObject({ kind: 'report', report: { reason: 'harassment', reporter: { handle: reporter.user!.handle }, message: { id: bad.id } } });
    expect((await reporter.post(`/api/jams/${jam.slug}/messages/${bad.id}/report`, { reason: 'again' })).body).toEqual({ reported: false });
    expect((await second.post(`/api/jams/${jam.slug}/messages/${fine.id}/report`, { reason: 'I disagree' })).status).toBe(201);
    expect((await reporter.post(`/api/jams/${jam.slug}/messages/${fine.id}/report`, { reason: '' })).body.error).toMatchObject({ field: 'reason' });

    let queue = (await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body;
    expect(queue.reports.map((r) => r.message.id)).toEqual([bad.id, fine.id]);
    await host.post(`/api/jams/${jam.slug}/messages/${bad.id}/moderation`, { action: 'hide', reason: 'harassment' });
    const fineReport = (await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body.reports;
    expect(fineReport.map((r) => r.message.id)).toEqual([fine.id]);
    expect((await host.post(`/api/jams/${jam.slug}/reports/${fineReport[0]!.id}/dismiss`)).body).toEqual({ dismissed: true });
    queue = (await host.get<ModerationQueueView>(`/api/jams/${jam.slug}/moderation`)).body;
    expect(queue.reports).toEqual([]);
    expect((await audit())[0]).toMatchObject({ action: 'report.dismiss', messageId: fine.id });
    expect(leaked).toBe(false);
  });
});

describe('mutes and bans', () => {
  it('a timed mute ends by itself; a jam-scoped ban leaves the series’ other jams open; hosts cannot be sanctioned', async () => {
    const clock = new FakeClock();
    const { host, series, jam, participant, viewer, audit } = await liveJam({ clock });
    const other = await host.createJam(series.slug, { live: true, title: 'Another jam' });
    const loud = await participant();
    await host.post(`/api/series/${series.slug}/sanctions`, { handle: loud.user!.handle, kind: 'mute', minutes: 1, reason: 'cool off' });
    expect(await viewer(loud)).toMatchObject({ muted: true, banned: false });
    expect((await loud.postMessage(jam.slug, 'hey')).body.error).toMatchObject({ field: 'muted' });
    clock.advance(61_000);
    expect((await loud.postMessage(jam.slug, 'hey')).status).toBe(201);

    await host.post(`/api/series/${series.slug}/sanctions`, { handle: loud.user!.handle, kind: 'ban', jam: jam.slug });
    expect((await loud.postMessage(jam.slug, 'hey')).body.error).toMatchObject({ field: 'banned' });
    expect((await loud.postMessage(other.slug, 'hey there')).status).toBe(201);
    const list = await host.get<{ sanctions: { kind: string; jamSlug: string | null; user: { handle: string } }[] }>(`/api/series/${series.slug}/sanctions`);
    expect(list.body.sanctions).toEqual([expect.objectContaining({ kind: 'ban', jamSlug: jam.slug, user: expect.objectContaining({ handle: loud.user!.handle }) })]);

    const banHost = await host.post(`/api/series/${series.slug}/sanctions`, { handle: host.user!.handle, kind: 'ban' });
    expect(banHost.status).toBe(403);
    expect((await audit()).map((e) => e.action)).toEqual(['user.ban', 'user.mute']);
  });
});

describe('co-hosts and panelists', () => {
  it('the owner adds and removes co-hosts; a removed co-host loses power at once, even on an open socket', async () => {
    const { host, series, jam, participant, audit } = await liveJam();
    const helper = await participant();
    const res = await host.post<{ series: { hosts: { handle: string }[] } }>(`/api/series/${series.slug}/hosts`, { handle: helper.user!.handle.toUpperCase() });
    expect(res.body.series.hosts.map((h) => h.handle)).toEqual([host.user!.handle, helper.user!.handle]);
    expect((await host.post(`/api/series/${series.slug}/hosts`, { handle: helper.user!.handle })).status).toBe(409);

    const socket = await helper.connect();
    sockets.push(socket);
    const target = (await host.postMessage(jam.slug, 'feature me')).body.message;
    expect(await socket.emitWithAck('message:moderate', { slug: jam.slug, id: target.id, action: 'feature' })).toMatchObject({ ok: true });
    expect((await host.request('DELETE', `/api/series/${series.slug}/hosts/${host.user!.handle}`)).status).toBe(409);
    expect((await host.request('DELETE', `/api/series/${series.slug}/hosts/${helper.user!.handle}`)).status).toBe(200);
    expect(await socket.emitWithAck('message:moderate', { slug: jam.slug, id: target.id, action: 'unfeature' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) });
    expect((await audit()).map((e) => e.action)).toEqual(['series.cohost_remove', 'message.feature', 'series.cohost_add']);
  });

  it('an invite link makes whoever opens it a panelist, shown with the badge, until its uses run out', async () => {
    const { host, jam, participant, viewer } = await liveJam();
    const invite = await host.post<{ invite: { token: string; url: string; uses: number } }>(`/api/jams/${jam.slug}/invites`, { uses: 1 });
    expect(invite.status).toBe(201);
    expect(invite.body.invite.url).toBe(`${host.baseUrl}/invites/${invite.body.invite.token}`);
    const expert = await participant();
    const accepted = await expert.post<{ jam: JamView }>(`/api/invites/${invite.body.invite.token}/accept`);
    expect(accepted.body.jam.panelists.map((p) => p.handle)).toEqual([expert.user!.handle]);
    expect(await viewer(expert)).toMatchObject({ role: 'panelist' });
    expect((await expert.postMessage(jam.slug, 'A1: my expert answer')).body.message.author.role).toBe('panelist');

    const latecomer = await participant();
    const spent = await latecomer.post(`/api/invites/${invite.body.invite.token}/accept`);
    expect(spent.status).toBe(409);
    expect(spent.body.error).toMatchObject({ field: 'invite' });
    expect((await latecomer.post(`/api/invites/${'x'.repeat(32)}/accept`)).status).toBe(404);
  });

  it('hosts add and remove panelists by handle', async () => {
    const { host, jam, participant } = await liveJam();
    const expert = await participant();
    const added = await host.post<{ jam: JamView }>(`/api/jams/${jam.slug}/panelists`, { handle: expert.user!.handle });
    expect(added.body.jam.panelists.map((p) => p.handle)).toEqual([expert.user!.handle]);
    const removed = await host.request<{ jam: JamView }>('DELETE', `/api/jams/${jam.slug}/panelists/${expert.user!.handle}`);
    expect(removed.body.jam.panelists).toEqual([]);
    expect((await host.post(`/api/jams/${jam.slug}/panelists`, { handle: 'nobody_here' })).body.error).toMatchObject({ field: 'handle' });
  });
});

describe('profiles', () => {
  it('display name, bio and an https avatar can change; other URLs and other fields cannot', async () => {
    const { server } = await liveJam();
    const me = await new ApiClient(server.url).signUp();
    const ok = await me.patch('/api/auth/me', { displayName: 'Ada L.', bio: 'Engines.', avatarUrl: 'https://img.example/ada.png' });
    expect(ok.body.user).toMatchObject({ handle: me.user!.handle, displayName: 'Ada L.', bio: 'Engines.', avatarUrl: 'https://img.example/ada.png' });
    for (const avatarUrl of ['http://img.example/a.png', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'https://user:pw@img.example/a.png']) {
      expect((await me.patch('/api/auth/me', { avatarUrl })).body.error).toMatchObject({ code: 'invalid_input', field: 'avatarUrl' });
    }
    expect((await me.patch('/api/auth/me', { handle: 'newhandle' })).status).toBe(400);
    expect((await me.patch<{ user: { avatarUrl: string | null } }>('/api/auth/me', { avatarUrl: null })).body.user.avatarUrl).toBeNull();
  });

  it('sign-up takes the optional bio and https avatar too', async () => {
    const { server } = await liveJam();
    const anon = new ApiClient(server.url);
    const res = await anon.post('/api/auth/signup', { handle: 'grace_h', password: 'correct horse battery', displayName: 'Grace', bio: 'COBOL', avatarUrl: 'https://img.example/g.png' });
    expect(res.body.user).toMatchObject({ displayName: 'Grace', bio: 'COBOL', avatarUrl: 'https://img.example/g.png' });
    const bad = await anon.post('/api/auth/signup', { handle: 'grace_2', password: 'correct horse battery', avatarUrl: 'http://img.example/g.png' });
    expect(bad.body.error).toMatchObject({ field: 'avatarUrl' });
  });
});
