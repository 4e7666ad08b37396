import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { MirrorChoice, NetworkBridgeStatus } from '../../shared/bridges.ts';
import type { SeriesView } from '../../shared/model.ts';
import { collect } from '../support/harness.ts';
import { startMockBluesky, type MockBluesky } from '../support/mockBluesky.ts';
import { ApiClient, bridgeStatus, eventually, linkBluesky, messagesFrom, morePolls, networksServer, QUESTIONS } from '../support/networkBridges.ts';

/** The Bluesky bridge against a local mock PDS/AppView (@atproto/api pointed at it); the real network is never called. */

let mock: MockBluesky;
let server: RunningServer;

beforeEach(async () => {
  mock = await startMockBluesky();
});

afterEach(async () => {
  await server?.close();
  await mock.close();
});

const start = () => networksServer({ blueskyService: mock.url }).then((s) => (server = s));
const status = (client: ApiClient, slug: string) => bridgeStatus(client, slug, 'bluesky');
const fromBluesky = (client: ApiClient, slug: string) => messagesFrom(client, slug, 'bluesky');
const created = () => mock.calls('POST /xrpc/com.atproto.repo.createRecord').filter((r) => r.status === 200);
const SEARCH = 'GET /xrpc/app.bsky.feed.searchPosts';

async function linkedSeries(handle = 'jamhost.bsky.social'): Promise<{ owner: ApiClient; series: SeriesView; password: string }> {
  const owner = await new ApiClient(server.url).signUp();
  const series = await owner.createSeries();
  return { owner, series, password: await linkBluesky(mock, owner, series, handle) };
}

describe('linking a Bluesky account', () => {
  it('an owner links with an app password, sealed at rest; only the owner links, only hosts see it; unlinking forgets it', async () => {
    await start();
    const owner = await new ApiClient(server.url).signUp();
    const stranger = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();
    expect(await status(owner, series.slug)).toMatchObject({ enabled: true, linked: false, state: 'unlinked', linkKind: 'app_password', label: 'Bluesky' });

    const password = mock.appPassword('jamhost.bsky.social');
    const body = { identifier: 'jamhost.bsky.social', appPassword: password };
    expect((await stranger.post(`/api/series/${series.slug}/bridges/bluesky/link`, body)).status).toBe(403);
    expect((await stranger.get(`/api/series/${series.slug}/bridges`)).status).toBe(403);
    // An account password is refused before it reaches Bluesky or the store.
    const mainPassword = await owner.post<{ error: { code: string; message: string } }>(`/api/series/${series.slug}/bridges/bluesky/link`, { identifier: 'jamhost.bsky.social', appPassword: 'hunter2hunter2' });
    expect(mainPassword.status).toBe(400);
    expect(mainPassword.body.error.message).toContain('app password');
    const wrong = await owner.post<{ error: { code: string; message: string } }>(`/api/series/${series.slug}/bridges/bluesky/link`, { identifier: 'jamhost.bsky.social', appPassword: 'aaaa-bbbb-cccc-dddd' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('Bluesky did not accept');

    const linked = await owner.post<{ bridge: NetworkBridgeStatus }>(`/api/series/${series.slug}/bridges/bluesky/link`, body);
    expect(linked.status).toBe(201);
    expect(linked.body.bridge).toMatchObject({ linked: true, state: 'ok', account: { username: 'jamhost.bsky.social', instance: mock.url }, maxChars: 300, lastError: null });
    const stored = await server.store.db.selectFrom('bridge_links').selectAll().executeTakeFirstOrThrow();
    expect(stored.credentials).toMatch(/^v1\./);
    expect(stored.credentials).not.toContain(password);

    const unlinked = await owner.request<{ bridge: NetworkBridgeStatus }>('DELETE', `/api/series/${series.slug}/bridges/bluesky`);
    expect(unlinked.body.bridge).toMatchObject({ linked: false, state: 'unlinked' });
    expect(await server.store.db.selectFrom('bridge_links').selectAll().execute()).toEqual([]);
  });

  it('without a BRIDGE_TOKEN_KEY the bridges say they are off and the jam runs natively', async () => {
    server = await networksServer({ tokenKey: '' });
    const owner = await new ApiClient(server.url).signUp();
    const series = await owner.createSeries();
    const jam = await owner.createJam(series.slug, { live: true });
    expect(await status(owner, series.slug)).toMatchObject({ enabled: false, linked: false, lastError: expect.stringContaining('BRIDGE_TOKEN_KEY') });
    expect((await owner.post(`/api/series/${series.slug}/bridges/bluesky/link`, { identifier: 'a.bsky.social', appPassword: 'aaaa-bbbb-cccc-dddd' })).status).toBe(503);
    expect((await owner.postMessage(jam.slug, 'A1: still here')).status).toBe(201);
  });
});

describe('outbound to Bluesky', () => {
  it('posts released questions as one thread with hashtag and link facets, within 300 graphemes', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    // 280 characters (the longest question) plus "Q2: " and the hashtag still fit Bluesky's 300 graphemes: nothing is cut.
    const long = `${'Why '.repeat(63)}see https://example.org/q`;
    const jam = await owner.createJam(series.slug, { live: true, questions: [{ text: 'Read https://example.org first?', offsetMin: 0 }, { text: long, offsetMin: 20 }, { text: 'What comes next?', offsetMin: 40 }] });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });

    await mock.waitFor('three questions on Bluesky', () => created().length === 3);
    const [q1, q2, q3] = created().map((r) => (r.body as { record: { text: string; facets?: { features: { $type: string; tag?: string; uri?: string }[] }[]; reply?: { root: { uri: string }; parent: { uri: string } } } }).record);
    expect(q1!.text).toBe(`Q1: Read https://example.org first? ${series.hashtag}`);
    expect(q1!.facets!.flatMap((f) => f.features)).toEqual([
      { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.org' },
      { $type: 'app.bsky.richtext.facet#tag', tag: series.hashtag.slice(1) },
    ]);
    expect([...new Intl.Segmenter().segment(q2!.text)].length).toBeLessThanOrEqual(300);
    expect(q2!.text).toBe(`Q2: ${long} ${series.hashtag}`);
    const uris = mock.posts.filter((p) => p.record.text.startsWith('Q')).map((p) => p.uri);
    expect(q1!.reply).toBeUndefined();
    expect(q2!.reply).toMatchObject({ root: { uri: uris[0] }, parent: { uri: uris[0] } });
    expect(q3!.reply).toMatchObject({ root: { uri: uris[0] }, parent: { uri: uris[1] } });
    await eventually(mock, async () => expect(await status(owner, series.slug)).toMatchObject({ state: 'ok', outboundCount: 3 }));
    // Our own posts carry the hashtag: they are recognised and never come back in as bridged messages.
    await morePolls(mock, SEARCH);
    expect(await fromBluesky(owner, jam.slug)).toEqual([]);
  });

  it('mirrors an opted-in panelist post once', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const panelist = await new ApiClient(server.url).signUp();
    const jam = await owner.createJam(series.slug, { live: true, panelists: [panelist.user!.handle] });
    // Anyone signed in sees and sets their own choice (not the link's health, which is for hosts).
    const before = await panelist.get<{ mirrors: MirrorChoice[] }>(`/api/series/${series.slug}/bridges/mirror`);
    expect(before.body.mirrors).toEqual([
      { network: 'bluesky', label: 'Bluesky', linked: true, account: 'jamhost.bsky.social', enabled: false },
      { network: 'mastodon', label: 'Mastodon', linked: false, account: null, enabled: false },
    ]);
    const optIn = await panelist.request<{ mirrors: MirrorChoice[] }>('PUT', `/api/series/${series.slug}/bridges/bluesky/mirror`, { enabled: true });
    expect(optIn.body.mirrors[0]).toMatchObject({ network: 'bluesky', enabled: true });
    const answer = await panelist.postMessage(jam.slug, 'A1: mirrored to Bluesky');
    await owner.postMessage(jam.slug, 'A1: the host did not opt in');
    await mock.waitFor('the panelist answer on Bluesky', () => created().some((r) => (r.body.record as { text: string }).text === answer.body.message.text));
    await morePolls(mock, SEARCH);
    expect(created().map((r) => (r.body.record as { text: string }).text)).toEqual([`Q1: What brought you here? ${series.hashtag}`, `A1: mirrored to Bluesky ${series.hashtag}`]);
    expect(await fromBluesky(owner, jam.slug)).toEqual([]);
  });
});

describe('inbound from Bluesky', () => {
  it('hashtag posts appear once in the live stream, marked as from Bluesky, attached to their question, and stay in the archive', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    const viewer = await new ApiClient(server.url).connect();
    await new Promise((resolve) => viewer.emit('jam:join', { slug: jam.slug }, resolve));
    const arriving = collect(viewer, 'message:created', 1);

    mock.post('someone.bsky.social', `${series.hashtag}ter is another chat`);
    const post = mock.post('ann.bsky.social', `@jamhost.bsky.social A1: hello from Bluesky & friends ${series.hashtag}`);
    const [message] = await arriving;
    viewer.disconnect();
    const url = `https://bsky.app/profile/ann.bsky.social/post/${post.uri.split('/').pop()}`;
    expect(message).toMatchObject({ source: 'bluesky', text: `@jamhost.bsky.social A1: hello from Bluesky & friends ${series.hashtag}`, question: 1, author: { handle: 'ann.bsky.social', role: 'participant' }, externalUrl: url });

    // Dedupe by URI: later reads overlap the last one (since is inclusive) and store nothing twice.
    await morePolls(mock, SEARCH);
    expect((await fromBluesky(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([url]);
    expect(mock.calls(SEARCH).at(-1)!.query.get('since')).toBe(post.indexedAt);
    expect(await status(owner, series.slug)).toMatchObject({ state: 'ok', inboundCount: 1, lastSyncAt: expect.any(String) });

    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'end' });
    const html = await owner.get<string>(`/api/jams/${jam.slug}/transcript.html`);
    expect(html.body).toContain(`href="${url}"`);
    expect(html.body).toContain('on Bluesky');
    const csv = await owner.get<string>(`/api/jams/${jam.slug}/transcript.csv`);
    expect(csv.body).toContain(',bluesky,');
    const markdown = await owner.get<string>(`/api/jams/${jam.slug}/transcript.md`);
    expect(markdown.body).toContain('**@ann.bsky.social** via Bluesky');
  });

  it('replies under a question post come in without the hashtag, attached to that question; a reply to a reply threads under it', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on Bluesky', () => created().length === 1);
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    await mock.waitFor('Q2 on Bluesky', () => created().length === 2);
    const q1 = mock.posts.find((p) => p.record.text.startsWith('Q1'))!;

    const reply = mock.post('ann.bsky.social', 'Late to Q1, but: curiosity', q1);
    mock.post('bob.bsky.social', 'same here', reply);
    const messages = await eventually(mock, async () => {
      const found = await fromBluesky(owner, jam.slug);
      expect(found).toHaveLength(2);
      return found;
    });
    expect(messages[0]).toMatchObject({ text: 'Late to Q1, but: curiosity', question: 1, replyTo: null });
    expect(messages[1]).toMatchObject({ text: 'same here', question: 1, replyTo: messages[0]!.id });
    expect(mock.calls('GET /xrpc/app.bsky.feed.getPostThread').some((r) => r.query.get('uri') === q1.uri)).toBe(true);
  });
});

describe('moderation of bridged posts', () => {
  it('automatic moderation judges Bluesky posts like native ones: a blocked word hides the post', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    expect((await owner.request('PUT', `/api/series/${series.slug}/automod`, { enabled: true, blocked: [{ pattern: 'giveaway', regex: false, action: 'hide' }] })).status).toBe(200);
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    mock.post('spam.bsky.social', `A1: huge GIVEAWAY click now ${series.hashtag}`);
    mock.post('fan.bsky.social', `A1: a real answer ${series.hashtag}`);
    const found = await eventually(mock, async () => {
      const all = await fromBluesky(owner, jam.slug);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(found.map((m) => [m.author.handle, m.hidden])).toEqual([
      ['spam.bsky.social', true],
      ['fan.bsky.social', false],
    ]);
    // Lurkers never see the hidden one.
    expect((await messagesFrom(new ApiClient(server.url), jam.slug, 'bluesky')).map((m) => m.author.handle)).toEqual(['fan.bsky.social']);
  });
});

describe('when Bluesky fails', () => {
  it('a 429 waits for the ratelimit-reset, then resumes; the native jam carries on meanwhile', async () => {
    await start();
    const { owner, series } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on Bluesky', () => created().length === 1);
    mock.failNext(SEARCH, { status: 429, resetInSec: 1 });
    await mock.waitFor('a 429 on search', () => mock.calls(SEARCH).some((r) => r.status === 429));
    const limited = mock.calls(SEARCH).find((r) => r.status === 429)!;
    await eventually(mock, async () => expect(await status(owner, series.slug)).toMatchObject({ state: 'rate_limited', lastError: expect.stringContaining('429') }));
    expect((await owner.postMessage(jam.slug, 'A1: native posts are not held up')).status).toBe(201);
    const post = mock.post('ann.bsky.social', `A1: after the limit ${series.hashtag}`);

    await eventually(mock, async () => expect((await fromBluesky(owner, jam.slug)).map((m) => m.externalUrl)).toEqual([`https://bsky.app/profile/ann.bsky.social/post/${post.uri.split('/').pop()}`]));
    // Nothing is asked of Bluesky's search again before the reset it announced (5 ms of timer slack).
    const after = mock.calls(SEARCH).filter((r) => r.at > limited.at);
    expect(after[0]!.at).toBeGreaterThanOrEqual(limited.resetAt! - 5);
    await eventually(mock, async () => expect((await status(owner, series.slug)).state).toBe('ok'));
  });

  it('a revoked app password marks the link broken and tells the host; the jam carries on; relinking clears it', async () => {
    await start();
    const { owner, series, password } = await linkedSeries();
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    await mock.waitFor('Q1 on Bluesky', () => created().length === 1);

    mock.revoke(password);
    await owner.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    const broken = await eventually(mock, async () => {
      const current = await status(owner, series.slug);
      expect(current.state).toBe('broken');
      return current;
    });
    expect(broken).toMatchObject({ linked: true, account: { username: 'jamhost.bsky.social' }, lastError: expect.stringContaining('link Bluesky again') });
    expect(created()).toHaveLength(1);
    expect((await owner.postMessage(jam.slug, 'A2: the jam goes on')).status).toBe(201);

    const fresh = mock.appPassword('jamhost.bsky.social');
    const relinked = await owner.post<{ bridge: NetworkBridgeStatus }>(`/api/series/${series.slug}/bridges/bluesky/link`, { identifier: 'jamhost.bsky.social', appPassword: fresh });
    expect(relinked.body.bridge).toMatchObject({ state: 'ok', lastError: null });
  });
});
