import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { NetworkBridgeStatus } from '../../shared/bridges.ts';
import type { SeriesView } from '../../shared/model.ts';
import { startMockMastodon, type MockMastodon } from '../support/mockMastodon.ts';
import { ApiClient, bridgeStatus, eventually, linkMastodon as linkAt, messagesFrom, morePolls, networksServer, QUESTIONS } from '../support/networkBridges.ts';

/** The Mastodon bridge against a local mock instance (masto pointed at it); the real network is never called. */

let mock: MockMastodon;
let server: RunningServer;

beforeEach(async () => {
  mock = await startMockMastodon();
});

afterEach(async () => {
  await server?.close();
  await mock.close();
});

const start = () => networksServer({}).then((s) => (server = s));
const status = (client: ApiClient, slug: string) => bridgeStatus(client, slug, 'mastodon');
const fromMastodon = (client: ApiClient, slug: string) => messagesFrom(client, slug, 'mastodon');
const posted = () => mock.calls('POST /api/v1/statuses').filter((r) => r.status === 200);
const timelineRoute = (series: SeriesView) => `GET /api/v1/timelines/tag/${series.hashtag.slice(1)}`;

const linkMastodon = (owner: ApiClient, series: SeriesView, username = 'jamhost') => linkAt(server.url, mock, owner, series, username);

async function linkedSeries(): Promise<{ owner: ApiClient; series: SeriesView }> {
  const owner = await new ApiClient(server.url).signUp();
  const series = await owner.createSeries();
  const back = await linkMastodon(owner, series);
  expect(back.status).toBe(303);
  expect(back.headers.get('location')).toBe(`/host/series/${series.slug}?bridge=mastodon&outcome=linked`);
  return { owner, series };
}

describe('linking a Mastodon account', () => {
  it('registers TweetJam once per instance, links by OAuth on it, seals the token; only the owner links; unlinking revokes it', async () => {
    await start();
    mock.maxCharacters = 1000;
    const owner = await new ApiClient(server.url).signUp();
    const stranger = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();
    expect(await status(owner, series.slug)).toMatchObject({ enabled: true, linked: false, linkKind: 'oauth', label: 'Mastodon' });
    expect((await stranger.post(`/api/series/${series.slug}/bridges/mastodon/link`, { instance: mock.url })).status).toBe(403);

    const started = await owner.post<{ authorizeUrl: string }>(`/api/series/${series.slug}/bridges/mastodon/link`, { instance: mock.url });
    const authorize = new URL(started.body.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${mock.url}/oauth/authorize`);
    expect(authorize.searchParams.get('scope')).toBe('read write');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:9/api/bridges/mastodon/callback');
    const { code, state } = mock.approve(started.body.authorizeUrl);
    const back = await fetch(`${server.url}/api/bridges/mastodon/callback?${new URLSearchParams({ code, state })}`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
    expect(back.headers.get('location')).toBe(`/host/series/${series.slug}?bridge=mastodon&outcome=linked`);
    // The instance's own limit is kept for composing posts.
    expect(await status(owner, series.slug)).toMatchObject({ linked: true, state: 'ok', account: { username: `jamhost@${new URL(mock.url).host}`, instance: mock.url }, maxChars: 1000 });

    // A state is good for one callback only.
    const again = await fetch(`${server.url}/api/bridges/mastodon/callback?${new URLSearchParams({ code, state })}`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
    expect(again.headers.get('location')).toMatch(/^\/host\?bridge=mastodon&outcome=error&reason=/);
    // A consent refused on the instance comes back as an error for the console.
    const refused = await fetch(`${server.url}/api/bridges/mastodon/callback?error=access_denied&error_description=The+user+refused`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
    expect(refused.headers.get('location')).toBe('/host?bridge=mastodon&outcome=error&reason=The+user+refused');
    // While the round trip is known, a refusal lands on the series page that started it.
    const pending = await owner.post<{ authorizeUrl: string }>(`/api/series/${series.slug}/bridges/mastodon/link`, { instance: mock.url });
    const pendingState = new URL(pending.body.authorizeUrl).searchParams.get('state')!;
    const declined = await fetch(`${server.url}/api/bridges/mastodon/callback?${new URLSearchParams({ state: pendingState, error: 'access_denied' })}`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
    expect(declined.headers.get('location')).toBe(`/host/series/${series.slug}?bridge=mastodon&outcome=error&reason=access_denied`);

    const stored = await server.store.db.selectFrom('bridge_links').selectAll().executeTakeFirstOrThrow();
    expect(stored.credentials).toMatch(/^v1\./);
    const app = await server.store.db.selectFrom('bridge_apps').selectAll().executeTakeFirstOrThrow();
    expect(app.client_secret).toMatch(/^v1\./);

    // Linking again (another series, same instance) reuses the app registered there.
    const other = await owner.createSeries();
    expect((await linkMastodon(owner, other)).status).toBe(303);
    expect(mock.appsRegistered).toBe(1);

    const unlinked = await owner.request<{ bridge: NetworkBridgeStatus }>('DELETE', `/api/series/${series.slug}/bridges/mastodon`);
    expect(unlinked.body.bridge).toMatchObject({ linked: false, state: 'unlinked' });
    expect(mock.calls('POST /oauth/revoke')).toHaveLength(1);
  });

  it('refuses an instance that is not a public https domain', async () => {
    server = await networksServer({ allowInsecureInstances: false });
    const owner = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();
    for (const instance of [mock.url, 'localhost', '10.1.2.3']) {
      const response = await owner.post<{ error: { field: string } }>(`/api/series/${series.slug}/bridges/mastodon/link`, { instance });
      expect(response.status, instance).toBe(400);
      expect(response.body.error.field).toBe('instance');
    }
    expect(mock.requests).toEqual([]);
  });
});

describe('outbound to Mastodon', () => {
  it('posts released questions as a thread, within the limit the instance configures', async () => {
    await start();
    mock.maxCharacters = 100;
    const { owner, series } = await linkedSeries();
    const long = 'How do you decide what to measure first when a customer journey has more than twenty touchpoints and three owners?';
    const jam = await owner.createJam(series.slug, { live: true, questions: [QUESTIONS[0]!, { text: long, offsetMin: 20 }, QUESTIONS[2]!] });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });

    await mock.waitFor('three questions on Mastodon', () => posted().length === 3);
    const [q1, q2, q3] = posted().map((r) => r.body as { status: string; in_reply_to_id?: string; visibility: string });
    expect(q1).toMatchObject({ status: `Q1: What brought you here? ${series.hashtag}`, visibility: 'public' });
    expect(q1!.in_reply_to_id).toBeUndefined();
    expect([...q2!.status].length).toBeLessThanOrEqual(100);
    expect(q2!.status).toMatch(new RegExp(`^Q2: How do you decide .*… ${series.hashtag}$`));
    const ids = mock.statuses.filter((s) => s.text.startsWith('Q')).map((s) => s.id);
    expect(q2!.in_reply_to_id).toBe(ids[0]);
    expect(q3!.in_reply_to_id).toBe(ids[1]);
    await eventually(mock, async () => expect(await status(owner, series.slug)).toMatchObject({ state: 'ok', outboundCount: 3 }));
    await morePolls(mock, timelineRoute(series));
    expect(await fromMastodon(owner, jam.slug)).toEqual([]);
  });
});

describe('inbound from Mastodon', () => {
  it('hashtag statuses appear once, marked as from Mastodon, as plain text, attached to their question; the timeline is read from the last status', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    mock.post('someone', `${series.hashtag}ter is another chat`);
    const status1 = mock.post('ann', `A1: hello from the fediverse & <friends> ${series.hashtag}`);
    const messages = await eventually(mock, async () => {
      const found = await fromMastodon(owner, jam.slug);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(messages[0]).toMatchObject({ source: 'mastodon', text: `A1: hello from the fediverse & <friends> ${series.hashtag}`, question: 1, author: { handle: 'ann', displayName: 'Ann' }, externalUrl: status1.url });

    // Dedupe by status URL, and later reads ask only for what is newer.
    await morePolls(mock, timelineRoute(series));
    const status2 = mock.post('bob', `A1: me too ${series.hashtag.toUpperCase()}`);
    await eventually(mock, async () => expect((await fromMastodon(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([status1.url, status2.url]));
    await eventually(mock, () => expect(mock.calls(timelineRoute(series)).at(-1)!.query.get('min_id')).toBe(status2.id));
    expect(await status(owner, series.slug)).toMatchObject({ inboundCount: 2, lastSyncAt: expect.any(String) });

    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    const markdown = await owner.get<string>(`/api/jams/${jam.slug}/transcript.md`);
    expect(markdown.body).toContain('**@ann** via Mastodon');
  });

  it('replies to a question status come in without the hashtag, attached to that question; a reply to a reply threads under it', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on Mastodon', () => posted().length === 1);
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await mock.waitFor('Q2 on Mastodon', () => posted().length === 2);
    const q1 = mock.statuses.find((s) => s.text.startsWith('Q1'))!;

    const reply = mock.post('ann', '@jamhost Late to Q1, but: curiosity', q1);
    mock.post('bob', '@ann same here', reply);
    const messages = await eventually(mock, async () => {
      const found = await fromMastodon(owner, jam.slug);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(messages[0]).toMatchObject({ text: '@jamhost Late to Q1, but: curiosity', question: 1, replyTo: null });
    expect(messages[1]).toMatchObject({ text: '@ann same here', question: 1, replyTo: messages[0]!.id });
  });
});

describe('the Mastodon hashtag stream', () => {
  const streamRoute = 'GET /api/v1/streaming/hashtag';

  it('a tagged status arrives as it is posted, without a poll; a dropped stream falls back to polling at once, losing and repeating nothing; the stream comes back', async () => {
    // Polls a minute apart: in this test only the stream, or the read a connect or a drop triggers at once, brings statuses in.
    server = await networksServer({ pollMs: 60_000 });
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    const reads = () => mock.calls(timelineRoute(series)).length;
    const urls = async () => (await fromMastodon(owner, jam.slug)).map((m) => m.externalUrl);

    await mock.waitFor('the hashtag stream', () => mock.streamsOpen === 1);
    expect(mock.calls(streamRoute)[0]!.query.get('tag')).toBe(series.hashtag.slice(1));
    // The jam's first read, and the catch-up read the connection triggers; the next poll is a minute away.
    await mock.waitFor('the first read and the catch-up read', () => reads() === 2);
    const status1 = mock.post('ann', `A1: straight from the stream ${series.hashtag}`);
    await eventually(mock, async () => expect(await urls()).toEqual([status1.url]));
    expect(reads()).toBe(2);

    // The streaming server goes away, and refuses the first reconnect: a status posted meanwhile reaches no stream.
    mock.failNext(streamRoute, { status: 502 });
    mock.dropStreams();
    const status2 = mock.post('bob', `A1: posted while no stream listens ${series.hashtag}`);
    await eventually(mock, async () => expect(await urls()).toEqual([status1.url, status2.url]));
    expect(reads()).toBeGreaterThan(2);
    await mock.waitFor('the stream back', () => mock.streamsOpen === 1);
    expect(mock.calls(streamRoute).map((r) => r.status)).toEqual([200, 502, 200]);

    // Polling is held off from here (a 429 a minute long on its next read): only the stream can bring the next status.
    mock.failNext(timelineRoute(series), { status: 429, resetInSec: 60 });
    const status3 = mock.post('cy', `A1: the stream is back ${series.hashtag}`);
    await eventually(mock, async () => expect(await urls()).toEqual([status1.url, status2.url, status3.url]));
    expect(mock.calls(timelineRoute(series)).filter((r) => r.served?.includes(status3.id))).toEqual([]);
    expect(mock.streamsOpen).toBe(1);
  });
});

describe('moderation of bridged posts', () => {
  it('automatic moderation judges Mastodon statuses like native posts: a blocked word hides the status', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    expect((await owner.request('PUT', `/api/series/${series.slug}/automod`, { enabled: true, blocked: [{ pattern: 'giveaway', regex: false, action: 'hide' }] })).status).toBe(200);
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    mock.post('spambot', `A1: huge GIVEAWAY click now ${series.hashtag}`);
    mock.post('fan', `A1: a real answer ${series.hashtag}`);
    const found = await eventually(mock, async () => {
      const all = await fromMastodon(owner, jam.slug);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(found.map((m) => [m.author.handle, m.hidden])).toEqual([
      ['spambot', true],
      ['fan', false],
    ]);
  });
});

describe('when Mastodon fails', () => {
  it('a 429 waits for X-RateLimit-Reset, then resumes; the native jam carries on meanwhile', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on Mastodon', () => posted().length === 1);
    mock.failNext(timelineRoute(series), { status: 429, resetInSec: 1 });
    mock.failNext('POST /api/v1/statuses', { status: 429, resetInSec: 1 });
    await mock.waitFor('a 429 on the timeline', () => mock.calls(timelineRoute(series)).some((r) => r.status === 429));
    const limited = mock.calls(timelineRoute(series)).find((r) => r.status === 429)!;
    await eventually(mock, async () => expect(await status(owner, series.slug)).toMatchObject({ state: 'rate_limited', lastError: expect.stringContaining('429') }));

    expect((await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' })).status).toBe(200);
    expect((await owner.postMessage(jam.slug, 'A1: native posts are not held up')).status).toBe(201);
    const status1 = mock.post('ann', `A2: after the limit ${series.hashtag}`);
    await eventually(mock, async () => expect((await fromMastodon(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([status1.url]));
    await mock.waitFor('Q2 on Mastodon', () => posted().length === 2);
    const after = mock.calls(timelineRoute(series)).filter((r) => r.at > limited.at);
    expect(after[0]!.at).toBeGreaterThanOrEqual(limited.resetAt! - 5);
    const q2Attempts = mock.calls('POST /api/v1/statuses').filter((r) => String(r.body.status).startsWith('Q2'));
    expect(q2Attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(q2Attempts[1]!.at).toBeGreaterThanOrEqual(q2Attempts[0]!.resetAt! - 5);
    await eventually(mock, async () => expect((await status(owner, series.slug)).state).toBe('ok'));
  });

  it('a revoked token marks the link broken and tells the host; the jam carries on; relinking clears it', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on Mastodon', () => posted().length === 1);

    mock.revokeAll();
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    const broken = await eventually(mock, async () => {
      const current = await status(owner, series.slug);
      expect(current.state).toBe('broken');
      return current;
    });
    expect(broken).toMatchObject({ linked: true, lastError: expect.stringContaining('link Mastodon again') });
    expect(posted()).toHaveLength(1);
    expect((await owner.postMessage(jam.slug, 'A2: the jam goes on')).status).toBe(201);

    expect((await linkMastodon(owner, series)).status).toBe(303);
    expect(await status(owner, series.slug)).toMatchObject({ state: 'ok', lastError: null });
  });
});
