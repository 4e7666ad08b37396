import { afterEach, describe, expect, it } from 'vitest';
import type { AdminSeriesView, EscalatedReportView, SiteLogEntryView, SuspensionView } from '../../shared/admin.ts';
import type { RunningServer } from '../../server/server.ts';
import type { SeriesView } from '../../shared/model.ts';
import { FakeClock } from '../support/fakeClock.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';

let server: RunningServer | undefined;
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await server?.close();
  server = undefined;
});

async function setUp(clock?: FakeClock) {
  server = await startTestServer({ adminHandles: ['Site_Op'], ...(clock && { clock }) });
  const admin = await new ApiClient(server.url).signUp('site_op');
  return { app: server, admin };
}

describe('site administration', () => {
  it('only the handles in ADMIN_HANDLES are marked as site operators on their own account', async () => {
    const { app, admin } = await setUp();
    const someone = await new ApiClient(app.url).signUp();
    expect((await admin.get<{ user: { siteAdmin?: boolean } }>('/api/auth/me')).body.user.siteAdmin).toBe(true);
    expect((await someone.get<{ user: { siteAdmin?: boolean } }>('/api/auth/me')).body.user).not.toHaveProperty('siteAdmin');
  });

  it('suspending an account closes its sockets, ends its sessions and refuses its sign-in until lifted', async () => {
    const { app, admin } = await setUp();
    const troll = await new ApiClient(app.url).signUp('troll_account');
    const socket = await troll.connect();
    sockets.push(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const suspended = await admin.post<{ suspension: SuspensionView }>('/api/admin/suspensions', { handle: 'troll_account', reason: 'spam in every series' });
    expect(suspended.status).toBe(201);
    expect(suspended.body.suspension).toMatchObject({ account: { handle: 'troll_account' }, reason: 'spam in every series', suspendedBy: 'site_op' });
    expect(await disconnected).toBe('io server disconnect');
    expect((await troll.get('/api/auth/me')).status).toBe(401);
    const signIn = await new ApiClient(app.url).post('/api/auth/signin', { handle: 'troll_account', password: 'correct horse battery' });
    expect(signIn.status).toBe(403);
    expect(JSON.stringify(signIn.body)).toContain('suspended');
    expect((await admin.post('/api/admin/suspensions', { handle: 'troll_account', reason: 'again' })).status).toBe(409);
    expect((await admin.post('/api/admin/suspensions', { handle: 'site_op', reason: 'myself' })).status).toBe(409);
    expect((await admin.get<{ suspensions: SuspensionView[] }>('/api/admin/suspensions')).body.suspensions.map((s) => s.account.handle)).toEqual(['troll_account']);

    expect((await admin.request('DELETE', '/api/admin/suspensions/troll_account')).status).toBe(204);
    expect((await admin.request('DELETE', '/api/admin/suspensions/troll_account')).status).toBe(404);
    expect((await new ApiClient(app.url).post('/api/auth/signin', { handle: 'troll_account', password: 'correct horse battery' })).status).toBe(200);
    // The suspension row is gone; the operators' log keeps both acts (a refused one leaves no entry).
    const log = await admin.get<{ entries: SiteLogEntryView[] }>('/api/admin/log');
    expect(log.body.entries.map((e) => [e.action, e.actor, e.account?.handle, e.reason])).toEqual([
      ['account.unsuspend', 'site_op', 'troll_account', null],
      ['account.suspend', 'site_op', 'troll_account', 'spam in every series'],
    ]);
    expect((await troll.get('/api/admin/log')).status).toBe(401);
    expect((await (await new ApiClient(app.url).signUp()).get('/api/admin/log')).status).toBe(403);
  });

  it('an operator takes over an abandoned series: owner from then on, the previous owner kept as co-host, the audit log says so', async () => {
    const clock = new FakeClock('2026-01-01T12:00:00.000Z');
    const { app, admin } = await setUp(clock);
    const owner = await new ApiClient(app.url).signUp('gone_owner');
    const series = await owner.createSeries({ name: 'Quiet chat' });
    clock.advance(100 * 86_400_000);
    // Sessions last 30 days: the operator signs in again, months later.
    admin.token = (await admin.post<{ token: string }>('/api/auth/signin', { handle: 'site_op', password: 'correct horse battery' })).body.token;

    const overview = await admin.get<{ series: AdminSeriesView[] }>('/api/admin/series');
    expect(overview.body.series).toEqual([expect.objectContaining({ slug: series.slug, owner: { handle: 'gone_owner', displayName: 'gone_owner', suspended: false }, jamCount: 0, abandoned: true })]);
    expect((await admin.patch(`/api/series/${series.slug}`, { description: 'before' })).status).toBe(403);

    const taken = await admin.post<{ series: AdminSeriesView }>(`/api/admin/series/${series.slug}/takeover`, { reason: 'owner unreachable for months' });
    expect(taken.status).toBe(200);
    expect(taken.body.series.owner.handle).toBe('site_op');
    expect((await admin.patch(`/api/series/${series.slug}`, { description: 'revived' })).status).toBe(200);
    const view = await admin.get<{ series: SeriesView }>(`/api/series/${series.slug}`);
    expect(view.body.series.owner.handle).toBe('site_op');
    expect(view.body.series.hosts.map((h) => h.handle).sort()).toEqual(['gone_owner', 'site_op']);
    // The previous owner is a co-host now: still a host, no longer able to add co-hosts.
    owner.token = (await owner.post<{ token: string }>('/api/auth/signin', { handle: 'gone_owner', password: 'correct horse battery' })).body.token;
    expect((await owner.post(`/api/series/${series.slug}/hosts`, { handle: 'site_op' })).status).toBe(403);
    const audit = await admin.get<{ entries: { action: string; reason: string | null }[] }>(`/api/series/${series.slug}/audit`);
    expect(audit.body.entries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'series.take_over', reason: 'owner unreachable for months' })]));
    const log = await admin.get<{ entries: SiteLogEntryView[] }>('/api/admin/log');
    expect(log.body.entries).toEqual([expect.objectContaining({ action: 'series.take_over', actor: 'site_op', account: { handle: 'gone_owner', displayName: 'gone_owner' }, series: { slug: series.slug, name: 'Quiet chat' }, reason: 'owner unreachable for months' })]);
  });

  it('escalated reports: three reporters, a host-written message, or a day without action; a fresh single report stays with the hosts', async () => {
    const clock = new FakeClock('2026-03-01T12:00:00.000Z');
    const { app, admin } = await setUp(clock);
    const host = await new ApiClient(app.url).signUp('jam_host');
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const people = await Promise.all([1, 2, 3].map(() => new ApiClient(app.url).signUp()));
    for (const p of people) await p.post(`/api/series/${series.slug}/rules/accept`);
    const post = async (author: ApiClient, text: string) => (await author.postMessage(jam.slug, text)).body.message.id;
    const crowded = await post(people[0]!, 'crowded');
    const byHost = await post(host, 'host says');
    const single = await post(people[0]!, 'single');
    const report = (who: ApiClient, id: string) => who.post(`/api/jams/${jam.slug}/messages/${id}/report`, { reason: 'abuse' });
    for (const p of people) await report(p, crowded);
    await report(people[1]!, byHost);
    await report(people[1]!, single);

    const escalated = async () => (await admin.get<{ reports: EscalatedReportView[] }>('/api/admin/reports')).body.reports;
    const now = await escalated();
    expect(new Set(now.map((r) => r.message.id))).toEqual(new Set([crowded, byHost]));
    expect(now.find((r) => r.message.id === byHost)).toMatchObject({ why: ['host_author'], series: { slug: series.slug } });
    expect(now.find((r) => r.message.id === crowded)).toMatchObject({ why: ['crowd'], reporters: 3 });

    clock.advance(25 * 3_600_000);
    expect((await escalated()).find((r) => r.message.id === single)?.why).toEqual(['stale']);
  });
});
