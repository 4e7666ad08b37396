import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AutomodActionView, AutomodSettings } from '../../shared/interaction.ts';
import type { MessageView } from '../../shared/model.ts';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, collect, startTestServer, until, type JamSocket } from '../support/harness.ts';
import { startMockX, type MockX } from '../support/mockX.ts';

/** Automatic moderation per series: each rule, its audit entry, the host's undo, and posts bridged from X. */

let server: RunningServer;
const sockets: JamSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.disconnect());
});
afterAll(async () => {
  await server?.close();
});

const OFF: AutomodSettings = {
  enabled: true,
  blocked: [],
  links: { enabled: false, minAccountDays: 7, minPriorPosts: 3 },
  firstPost: { enabled: false, accountDays: 7 },
  repeated: { enabled: false, times: 3, minutes: 10, action: 'hide' },
  rate: { enabled: false, postsPerMinute: 6 },
};

async function setUp(rules: Partial<AutomodSettings>) {
  const host = await new ApiClient(server.url).signUp();
  const panelist = await new ApiClient(server.url).signUp();
  const series = await host.createSeries();
  const saved = await host.request<{ settings: AutomodSettings }>('PUT', `/api/series/${series.slug}/automod`, { ...OFF, ...rules });
  expect(saved.status).toBe(200);
  const jam = await host.createJam(series.slug, { live: true, panelists: [panelist.user!.handle] });
  const people = await Promise.all([1, 2, 3].map(() => new ApiClient(server.url).signUp()));
  return { host, panelist, series, jam, people };
}

const visible = async (client: ApiClient, slug: string) => (await client.get<{ messages: MessageView[] }>(`/api/jams/${slug}/messages`)).body.messages.filter((m) => !m.hidden).map((m) => m.text.split(' #')[0]);
const actions = async (host: ApiClient, slug: string) => (await host.get<{ actions: AutomodActionView[] }>(`/api/jams/${slug}/automod`)).body.actions;

describe('automatic moderation', () => {
  it('only hosts read and change the rules; a bad pattern is refused', async () => {
    const { host, series, people } = await setUp({});
    expect((await people[0]!.get(`/api/series/${series.slug}/automod`)).status).toBe(403);
    expect((await people[0]!.request('PUT', `/api/series/${series.slug}/automod`, OFF)).status).toBe(403);
    const bad = await host.request('PUT', `/api/series/${series.slug}/automod`, { ...OFF, blocked: [{ pattern: '(unclosed', regex: true, action: 'hide' }] });
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', field: 'blocked.0.pattern' });
    expect((await host.get<{ settings: AutomodSettings }>(`/api/series/${series.slug}/automod`)).body.settings).toEqual(OFF);
  });

  it('blocked words hide (whole words, any case), patterns hold; the team is never judged; each action is audited with its rule', async () => {
    const { host, panelist, series, jam, people } = await setUp({
      blocked: [
        { pattern: 'crypto', regex: false, action: 'hide' },
        { pattern: 'wh?atsapp\\s*\\+?\\d', regex: true, action: 'hold' },
      ],
    });
    const [alice] = people as [ApiClient];
    const viewer = await new ApiClient(server.url).connect();
    sockets.push(viewer);
    await viewer.emitWithAck('jam:join', { slug: jam.slug });
    const hostSocket = await host.connect();
    sockets.push(hostSocket);
    await hostSocket.emitWithAck('jam:join', { slug: jam.slug });
    const noticed = collect(hostSocket, 'automod:acted', 2);

    const hidden = await alice.postMessage(jam.slug, 'A1: buy CRYPTO now');
    expect(hidden.status).toBe(201);
    expect(hidden.body.message).toMatchObject({ hidden: true, held: false });
    const held = await alice.postMessage(jam.slug, 'A1: call me on WhatsApp +44 700');
    expect(held.body.message).toMatchObject({ hidden: true, held: true });
    expect((await alice.postMessage(jam.slug, 'A1: cryptography is a fine word')).body.message.hidden).toBe(false);
    expect((await panelist.postMessage(jam.slug, 'A1: panelists may say crypto')).body.message.hidden).toBe(false);

    expect(await visible(new ApiClient(server.url), jam.slug)).toEqual(['A1: cryptography is a fine word', 'A1: panelists may say crypto']);
    const [first, second] = await noticed;
    expect([first!.rule, first!.action, second!.rule, second!.action]).toEqual(['blocked', 'hide', 'blocked', 'hold']);
    const audit = (await host.get<{ entries: { action: string; actor: unknown; detail: { rule: string }; reason: string }[] }>(`/api/series/${series.slug}/audit?jam=${jam.slug}`)).body.entries;
    expect(audit.filter((e) => e.action.startsWith('automod.')).map((e) => [e.action, e.detail.rule, e.actor])).toEqual([
      ['automod.hold', 'blocked', null],
      ['automod.hide', 'blocked', null],
    ]);
    expect(audit.find((e) => e.action === 'automod.hide')!.reason).toBe('contains the blocked term “crypto”');
    // The held one waits in the hosts' approval queue like any pre-moderated post.
    const queue = (await host.get<{ held: MessageView[] }>(`/api/jams/${jam.slug}/moderation`)).body.held;
    expect(queue.map((m) => m.id)).toContain(held.body.message.id);
  });

  it('the host undoes an automatic action: the message is published with a new seq and viewers receive it', async () => {
    const { host, jam, people } = await setUp({ blocked: [{ pattern: 'spam', regex: false, action: 'hide' }] });
    const caught = (await people[0]!.postMessage(jam.slug, 'A1: this is not spam, honest')).body.message;
    await people[1]!.postMessage(jam.slug, 'A1: later post');
    const viewer = await new ApiClient(server.url).connect();
    sockets.push(viewer);
    await viewer.emitWithAck('jam:join', { slug: jam.slug });
    const arriving = collect(viewer, 'message:created', 1);
    const [entry] = await actions(host, jam.slug);
    expect(entry).toMatchObject({ rule: 'blocked', action: 'hide', messageId: caught.id, undone: false });
    expect((await people[0]!.post(`/api/jams/${jam.slug}/automod/${entry!.entryId}/undo`)).status).toBe(403);
    const undone = await host.post<{ message: MessageView }>(`/api/jams/${jam.slug}/automod/${entry!.entryId}/undo`);
    expect(undone.body.message).toMatchObject({ id: caught.id, hidden: false });
    expect(undone.body.message.seq).toBeGreaterThan(caught.seq + 1);
    expect((await arriving)[0]!.id).toBe(caught.id);
    expect((await actions(host, jam.slug))[0]!.undone).toBe(true);
    expect((await host.post(`/api/jams/${jam.slug}/automod/${entry!.entryId}/undo`)).status).toBe(409);
  });

  it('links are held from accounts with too few earlier posts, and pass once they have them', async () => {
    const { jam, people } = await setUp({ links: { enabled: true, minAccountDays: 0, minPriorPosts: 2 } });
    const [alice] = people as [ApiClient];
    expect((await alice.postMessage(jam.slug, 'A1: see https://example.com/offer')).body.message).toMatchObject({ held: true });
    await alice.postMessage(jam.slug, 'A1: a first real answer');
    await alice.postMessage(jam.slug, 'A1: a second real answer');
    expect((await alice.postMessage(jam.slug, 'A1: our write-up https://example.com/notes')).body.message).toMatchObject({ held: false, hidden: false });
  });

  it('links from young accounts are held whatever they posted before', async () => {
    const { jam, people } = await setUp({ links: { enabled: true, minAccountDays: 7, minPriorPosts: 0 } });
    expect((await people[0]!.postMessage(jam.slug, 'A1: example.com/cheap')).body.message.held).toBe(true);
  });

  it('the first post of a new account is held; once one is approved the next goes straight out', async () => {
    const { host, jam, people } = await setUp({ firstPost: { enabled: true, accountDays: 7 } });
    const first = (await people[0]!.postMessage(jam.slug, 'A1: hello, first time here')).body.message;
    expect(first.held).toBe(true);
    await host.post(`/api/jams/${jam.slug}/messages/${first.id}/approve`);
    expect((await people[0]!.postMessage(jam.slug, 'A1: and again')).body.message.held).toBe(false);
  });

  it('the same text posted many times: copies from the third on are hidden', async () => {
    const { jam, people } = await setUp({ repeated: { enabled: true, times: 3, minutes: 10, action: 'hide' } });
    const results = [];
    for (const who of [...people, people[0]!]) results.push((await who.postMessage(jam.slug, 'Follow my page for free stuff')).body.message.hidden);
    expect(results).toEqual([false, false, true, true]);
    expect((await people[1]!.postMessage(jam.slug, 'A1: something else entirely')).body.message.hidden).toBe(false);
  });

  it('a person posting faster than the rate has the excess held', async () => {
    const { jam, people } = await setUp({ rate: { enabled: true, postsPerMinute: 2 } });
    const held = [];
    for (let i = 0; i < 4; i++) held.push((await people[0]!.postMessage(jam.slug, `A1: quick post ${i}`)).body.message.held);
    expect(held).toEqual([false, false, true, true]);
    expect((await people[1]!.postMessage(jam.slug, 'A1: someone else is fine')).body.message.held).toBe(false);
  });

  it('applies to posts bridged from X: a blocked word hides the tweet, audited with its rule', async () => {
    const mock: MockX = await startMockX();
    const plain = server;
    server = await startTestServer({
      bridge: { clientId: mock.clientId, clientSecret: mock.clientSecret, tokenKey: randomBytes(32), apiBase: mock.url, callbackUrl: 'http://127.0.0.1:9/api/x/callback', pollMs: 30, backoffMinMs: 20, backoffMaxMs: 200, bearerToken: undefined },
    });
    try {
      await bridged(mock);
    } finally {
      await server.close();
      await mock.close();
      server = plain;
    }
  });
});

async function bridged(mock: MockX) {
    const { host, series, jam } = await setUp({ blocked: [{ pattern: 'giveaway', regex: false, action: 'hide' }] });
    const start = await host.post<{ authorizeUrl: string }>(`/api/series/${series.slug}/x/link`);
    const { code, state } = mock.approve(start.body.authorizeUrl, 'jamhost');
    await fetch(`${server.url}/api/x/callback?${new URLSearchParams({ code, state })}`, { redirect: 'manual', headers: { authorization: `Bearer ${host.token}` } });

    mock.tweet('spambot', `A1: huge GIVEAWAY click now ${series.hashtag}`);
    mock.tweet('fan', `A1: a real answer from X ${series.hashtag}`);
    await until(async () => (await visible(host, jam.slug)).includes('A1: a real answer from X'), 10_000);
    const all = (await host.get<{ messages: MessageView[] }>(`/api/jams/${jam.slug}/messages`)).body.messages.filter((m) => m.source === 'x');
    expect(all.map((m) => [m.author.handle, m.hidden])).toEqual([
      ['spambot', true],
      ['fan', false],
    ]);
    expect((await actions(host, jam.slug)).map((a) => [a.author, a.rule, a.action])).toEqual([['spambot', 'blocked', 'hide']]);
}
