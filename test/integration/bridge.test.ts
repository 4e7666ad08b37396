import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BridgeStatus } from '../../server/bridge/bridge.ts';
import type { BridgeOptions } from '../../server/bridge/config.ts';
import type { RunningServer } from '../../server/server.ts';
import type { MessageView, SeriesView } from '../../shared/model.ts';
import { ApiClient, collect, startTestServer, type JamSocket } from '../support/harness.ts';
import { startMockX, type MockX } from '../support/mockX.ts';
import { eventually as eventuallyAt, linkX as linkAtX, xOptions } from '../support/networkBridges.ts';

/** The X bridge against a local mock of the X API v2 (twitter-api-v2 pointed at it); the real X is never called. */

let mock: MockX;
let server: RunningServer;
const open: JamSocket[] = [];

beforeEach(async () => {
  mock = await startMockX();
});

afterEach(async () => {
  open.splice(0).forEach((socket) => socket.disconnect());
  await server?.close();
  await mock.close();
});

function bridgedServer(extra: BridgeOptions = {}): Promise<RunningServer> {
  // BRIDGE_TEST_DATABASE_URL=postgres://… runs the same tests on PostgreSQL.
  return startTestServer({ ...(process.env.BRIDGE_TEST_DATABASE_URL ? { databaseUrl: process.env.BRIDGE_TEST_DATABASE_URL } : {}), bridge: xOptions(mock, extra) });
}

const linkX = (owner: ApiClient, series: SeriesView, username = 'jamhost') => linkAtX(server.url, mock, owner, series, username);
const eventually = <T>(check: () => Promise<T> | T) => eventuallyAt(mock, check);

async function status(client: ApiClient, slug: string) {
  return client.get<{ bridge: BridgeStatus }>(`/api/series/${slug}/x`);
}

async function linkedSeries(): Promise<{ owner: ApiClient; series: SeriesView }> {
  const owner = await new ApiClient(server.url).signUp();
  const series = await owner.createSeries();
  const callback = await linkX(owner, series);
  expect(callback.status).toBe(303);
  expect(callback.headers.get('location')).toBe(`/host?x=linked&series=${series.slug}`);
  return { owner, series };
}

async function watch(client: ApiClient, slug: string): Promise<JamSocket> {
  const socket = await client.connect();
  open.push(socket);
  await new Promise((resolve) => socket.emit('jam:join', { slug }, resolve));
  return socket;
}

const xMessages = async (client: ApiClient, slug: string) => (await client.get<{ messages: MessageView[] }>(`/api/jams/${slug}/messages`)).body.messages.filter((m) => m.source === 'x');
const posted = () => mock.calls('POST /2/tweets').filter((r) => r.status === 201);
const QUESTIONS = [
  { text: 'What brought you here?', offsetMin: 0 },
  { text: 'What would you change?', offsetMin: 20 },
  { text: 'What comes next?', offsetMin: 40 },
];

describe('linking an X account', () => {
  it('an owner links through OAuth 2.0 with PKCE; tokens are sealed at rest; only the owner links, only hosts see the state', async () => {
    server = await bridgedServer();
    const owner = await new ApiClient(server.url).signUp();
    const stranger = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();

    expect((await status(owner, series.slug)).body.bridge).toMatchObject({ enabled: true, linked: false, state: 'unlinked', account: null });
    expect((await stranger.post(`/api/series/${series.slug}/x/link`)).status).toBe(403);
    expect((await status(stranger, series.slug)).status).toBe(403);

    const start = await owner.post<{ authorizeUrl: string }>(`/api/series/${series.slug}/x/link`);
    const authorize = new URL(start.body.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toBe('tweet.read tweet.write users.read offline.access');
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:9/api/x/callback');
    const { code, state } = mock.approve(start.body.authorizeUrl);
    const back = await fetch(`${server.url}/api/x/callback?${new URLSearchParams({ code, state })}`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/host?x=linked&series=${series.slug}`);
    expect((await status(owner, series.slug)).body.bridge).toMatchObject({ enabled: true, linked: true, state: 'ok', account: { username: 'jamhost' }, lastError: null, inboundCount: 0, outboundCount: 0 });

    // A state is good for one callback only.
    const again = await fetch(`${server.url}/api/x/callback?${new URLSearchParams({ code, state })}`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
    expect(again.headers.get('location')).toMatch(/^\/host\?x=error&reason=/);

    const stored = await server.store.db.selectFrom('x_links' as never).selectAll().executeTakeFirstOrThrow() as { access_token: string; refresh_token: string };
    const tokenExchange = mock.calls('POST /2/oauth2/token');
    expect(tokenExchange).toHaveLength(1);
    expect(stored.access_token).toMatch(/^v1\./);
    expect(stored.access_token).not.toContain('at-');
    expect(stored.refresh_token).not.toContain('rt-');

    const unlinked = await owner.request<{ bridge: BridgeStatus }>('DELETE', `/api/series/${series.slug}/x`);
    expect(unlinked.body.bridge).toMatchObject({ linked: false, state: 'unlinked' });
    expect(mock.calls('POST /2/oauth2/revoke').length).toBeGreaterThan(0);
  });

  it('without X configured the bridge says it is off and the jam runs natively', async () => {
    server = await startTestServer();
    const owner = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();
    const jam = await owner.createJam(series.slug, { live: true });
    expect((await status(owner, series.slug)).body.bridge).toMatchObject({ enabled: false, linked: false, state: 'unlinked', lastError: expect.stringContaining('X is not available on this server') });
    expect((await owner.post(`/api/series/${series.slug}/x/link`)).status).toBe(503);
    expect((await owner.postMessage(jam.slug, 'A1: still here')).status).toBe(201);
  });
});

describe('outbound to X', () => {
  it('posts released questions in order as a thread with the hashtag, refreshing the short-lived token', async () => {
    server = await bridgedServer();
    mock.tokenTtlSec = 30; // inside the refresh margin: every call refreshes first
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });

    await mock.waitFor('three questions on X', () => posted().length === 3);
    const [q1, q2, q3] = posted().map((r) => r.body as { text: string; reply?: { in_reply_to_tweet_id: string } });
    expect([q1!.text, q2!.text, q3!.text]).toEqual([`Q1: What brought you here? ${series.hashtag}`, `Q2: What would you change? ${series.hashtag}`, `Q3: What comes next? ${series.hashtag}`]);
    const ids = mock.tweets.filter((t) => t.text.startsWith('Q')).map((t) => t.id);
    expect(q1!.reply).toBeUndefined();
    expect(q2!.reply?.in_reply_to_tweet_id).toBe(ids[0]);
    expect(q3!.reply?.in_reply_to_tweet_id).toBe(ids[1]);
    expect(mock.calls('POST /2/oauth2/token').filter((r) => r.body.grant_type === 'refresh_token').length).toBeGreaterThan(0);
    await eventually(async () => expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'ok', outboundCount: 3 }));
  });

  it('mirrors opted-in panelist posts once and does not ingest them back', async () => {
    server = await bridgedServer();
    const { owner, series } = await linkedSeries();
    const panelist = await new ApiClient(server.url).signUp();
    const participant = await new ApiClient(server.url).signUp();
    const jam = await owner.createJam(series.slug, { live: true, panelists: [panelist.user!.handle] });
    expect((await panelist.request('PUT', `/api/series/${series.slug}/x/mirror`, { enabled: true })).body).toEqual({ mirror: { enabled: true } });

    await participant.postMessage(jam.slug, 'A1: not mirrored, nobody asked');
    const answer = await panelist.postMessage(jam.slug, 'A1: mirrored to X');
    await mock.waitFor('the panelist answer on X', () => posted().some((r) => r.body.text === answer.body.message.text));
    const searches = mock.calls('GET /2/tweets/search/recent').length;
    await mock.waitFor('three more polls', () => mock.calls('GET /2/tweets/search/recent').length >= searches + 3);

    expect(posted().map((r) => r.body.text)).toEqual([`Q1: What brought you here? ${series.hashtag}`, `A1: mirrored to X ${series.hashtag}`]);
    expect(await xMessages(owner, jam.slug)).toEqual([]);
  });
});

describe('inbound from X', () => {
  it('hashtag tweets appear once in the live stream, marked as from X, attached to their question', async () => {
    server = await bridgedServer();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true });
    const viewer = await watch(new ApiClient(server.url), jam.slug);
    const arriving = collect(viewer, 'message:created', 1);

    mock.tweet('someone', `#${series.hashtag.slice(1)}ter is another chat`);
    const tweet = mock.tweet('ann', `@jamhost A1: hello from X &amp; friends ${series.hashtag}`);
    const [message] = await arriving;
    expect(message).toMatchObject({ source: 'x', text: `@jamhost A1: hello from X & friends ${series.hashtag}`, question: 1, author: { handle: 'ann', role: 'participant' }, externalUrl: `https://x.com/ann/status/${tweet.id}` });

    const searches = mock.calls('GET /2/tweets/search/recent').length;
    await mock.waitFor('three more polls', () => mock.calls('GET /2/tweets/search/recent').length >= searches + 3);
    expect((await xMessages(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([`https://x.com/ann/status/${tweet.id}`]);
    expect(mock.calls('GET /2/tweets/search/recent').at(-1)!.query.get('since_id')).toBe(tweet.id);
    expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'ok', inboundCount: 1, outboundCount: 1, lastSyncAt: expect.any(String) });

    // Archived with the transcript, under its question, linking back to X.
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    const html = await owner.get<string>(`/api/jams/${jam.slug}/transcript.html`);
    expect(html.body).toContain('hello from X &amp; friends');
    expect(html.body).toContain(`href="https://x.com/ann/status/${tweet.id}"`);
  });

  it('a busy hashtag is read page by page, each tweet once and in order', async () => {
    server = await bridgedServer();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true });
    const burst = Array.from({ length: 150 }, (_, i) => mock.tweet(`fan${i % 7}`, `A1: take ${i} ${series.hashtag}`));
    const messages = await eventually(async () => {
      const found = await xMessages(owner, jam.slug);
      expect(found).toHaveLength(150);
      return found;
    });
    expect(messages.map((m) => m.externalUrl)).toEqual(burst.map((t, i) => `https://x.com/fan${i % 7}/status/${t.id}`));
    expect(mock.calls('GET /2/tweets/search/recent').some((r) => r.query.get('next_token') === '100')).toBe(true);
  });

  it('a reply on X to an ingested tweet threads under it in the jam', async () => {
    server = await bridgedServer();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    const first = mock.tweet('ann', `A1: first ${series.hashtag}`);
    mock.tweet('bob', `@ann agreed ${series.hashtag}`, { referenced_tweets: [{ type: 'replied_to', id: first.id }] });
    const messages = await eventually(async () => {
      const found = await xMessages(owner, jam.slug);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(messages[1]).toMatchObject({ replyTo: messages[0]!.id, question: 1 });
  });
});

describe('when X fails', () => {
  it('a 429 waits for the rate-limit reset, then resumes; the native jam carries on meanwhile', async () => {
    server = await bridgedServer();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on X', () => posted().length === 1);

    mock.failNext('GET /2/tweets/search/recent', { status: 429, resetInSec: 1 });
    mock.failNext('POST /2/tweets', { status: 429, resetInSec: 1 });
    await mock.waitFor('a 429 on search', () => mock.calls('GET /2/tweets/search/recent').some((r) => r.status === 429));
    const limited = mock.calls('GET /2/tweets/search/recent').find((r) => r.status === 429)!;
    await eventually(async () => expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'rate_limited', lastError: expect.stringContaining('429') }));

    expect((await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' })).status).toBe(200);
    expect((await owner.postMessage(jam.slug, 'A1: native posts are not held up')).status).toBe(201);
    const tweet = mock.tweet('ann', `A2: after the limit ${series.hashtag}`);

    await eventually(async () => expect((await xMessages(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([`https://x.com/ann/status/${tweet.id}`]));
    await mock.waitFor('Q2 on X', () => posted().length === 2);
    // Nothing is asked of X again before the reset it announced (5 ms of timer slack).
    const searchesAfter = mock.calls('GET /2/tweets/search/recent').filter((r) => r.at > limited.at);
    expect(searchesAfter[0]!.at).toBeGreaterThanOrEqual(limited.resetAt! - 5);
    const q2Attempts = mock.calls('POST /2/tweets').filter((r) => String(r.body.text).startsWith('Q2'));
    expect(q2Attempts.map((r) => r.status)).toEqual([429, 201]);
    expect(q2Attempts[1]!.at).toBeGreaterThanOrEqual(q2Attempts[0]!.resetAt! - 5);
    await eventually(async () => expect((await status(owner, series.slug)).body.bridge.state).toBe('ok'));
  });

  it('a revoked token marks the link broken and tells the host; the jam carries on natively', async () => {
    server = await bridgedServer();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on X', () => posted().length === 1);

    mock.revokeAll();
    expect((await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' })).status).toBe(200);
    const bridge = await eventually(async () => {
      const current = (await status(owner, series.slug)).body.bridge;
      expect(current.state).toBe('broken');
      return current;
    });
    expect(bridge).toMatchObject({ linked: true, account: { username: 'jamhost' }, lastError: expect.stringContaining('link X again') });
    expect(posted()).toHaveLength(1);
    expect((await owner.postMessage(jam.slug, 'A2: the jam goes on')).status).toBe(201);

    // Relinking clears it.
    expect((await linkX(owner, series)).status).toBe(303);
    expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'ok', lastError: null });
  });

  it('a 403 on posting marks the link broken too', async () => {
    server = await bridgedServer();
    mock.failNext('POST /2/tweets', { status: 403 });
    const { owner, series } = await linkedSeries();
    await owner.createJam(series.slug, { live: true });
    await eventually(async () => expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'broken', lastError: expect.stringContaining('403') }));
  });

  it('an app without search access keeps posting; the console says why nothing comes in', async () => {
    server = await bridgedServer();
    mock.failNext('GET /2/tweets/search/recent', { status: 403, error: 'client-not-enrolled' }, 1000);
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await mock.waitFor('Q1 and Q2 on X', () => posted().length === 2);
    await eventually(async () => expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'ok', lastError: expect.stringContaining('access level') }));
  });
});

describe('the filtered stream', () => {
  it('delivers hashtag tweets, and a dropped stream reconnects with backoff and catches up what it missed', async () => {
    server = await bridgedServer({ bearerToken: mock.appBearer });
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true });
    await mock.waitFor('a rule and a stream', () => mock.rules.some((r) => r.value === `${series.hashtag} -is:retweet` && r.tag?.startsWith('tj:')) && mock.streamConnections === 1);
    expect((await status(owner, series.slug)).body.bridge.inbound).toBe('stream');

    const viewer = await watch(new ApiClient(server.url), jam.slug);
    const live = mock.tweet('ann', `A1: over the stream ${series.hashtag}`);
    expect((await collect(viewer, 'message:created', 1))[0]).toMatchObject({ source: 'x', externalUrl: `https://x.com/ann/status/${live.id}` });

    mock.disconnectStreams();
    const missed = mock.tweet('bob', `A1: while it was down ${series.hashtag}`);
    await mock.waitFor('a reconnect', () => mock.streamConnections === 2);
    const after = collect(viewer, 'message:created', 1);
    const later = mock.tweet('cat', `A1: after the reconnect ${series.hashtag}`);
    await after;

    // The missed tweet arrives by the catch-up search, so possibly after the newer one: each once, in any order.
    const expected = [`https://x.com/ann/status/${live.id}`, `https://x.com/bob/status/${missed.id}`, `https://x.com/cat/status/${later.id}`];
    await eventually(async () => expect((await xMessages(owner, jam.slug)).map((m) => m.externalUrl).sort()).toEqual(expected));
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    await mock.waitFor('the rule removed', () => !mock.rules.some((r) => r.value.startsWith(series.hashtag)));

    // The next jam of the series opens the stream again.
    const next = await owner.createJam(series.slug, { live: true });
    await mock.waitFor('a rule for the next jam', () => mock.rules.some((r) => r.value === `${series.hashtag} -is:retweet`));
    const nextTweet = mock.tweet('dan', `A1: next week ${series.hashtag}`);
    await eventually(async () => expect((await xMessages(owner, next.slug)).map((m) => m.externalUrl)).toEqual([`https://x.com/dan/status/${nextTweet.id}`]));
  });

  it('falls back to recent search when the app may not use the stream', async () => {
    mock.failNext('GET /2/tweets/search/stream', { status: 403 });
    server = await bridgedServer({ bearerToken: mock.appBearer });
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true });
    const tweet = mock.tweet('ann', `A1: by search ${series.hashtag}`);
    await eventually(async () => expect((await xMessages(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([`https://x.com/ann/status/${tweet.id}`]));
    expect((await status(owner, series.slug)).body.bridge).toMatchObject({ state: 'ok', inbound: 'search', lastError: expect.stringContaining('recent search') });
  });
});
