import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Leases } from '../../server/bridge/shape/leases.ts';
import type { RunningServer } from '../../server/server.ts';
import type { MessageView, SeriesView } from '../../shared/model.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { startMockBluesky, type MockBluesky } from '../support/mockBluesky.ts';
import { startMockMastodon, type MockMastodon } from '../support/mockMastodon.ts';
import { startMockX, type MockX } from '../support/mockX.ts';
import { eventually, linkBluesky, linkMastodon, linkX, messagesFrom, networksServer, xOptions } from '../support/networkBridges.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

/**
 * Two server instances on one PostgreSQL database, every bridge linked: one inbound reader per
 * network per jam (the lease in bridge_leases), not one per node, and the other node takes over
 * when the reader stops.
 */

const jamRow = (node: RunningServer, slug: string) => node.store.db.selectFrom('jams').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirstOrThrow();

describeWithServices(['postgres'], 'bridges on several nodes', () => {
  let database: Awaited<ReturnType<typeof freshPostgresSchema>>;
  let bluesky: MockBluesky;
  let mastodon: MockMastodon;
  let x: MockX;
  let nodeA: RunningServer;
  let nodeB: RunningServer;

  beforeAll(async () => {
    database = await freshPostgresSchema();
    [bluesky, mastodon, x] = await Promise.all([startMockBluesky(), startMockMastodon(), startMockX()]);
  });

  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await Promise.all([bluesky?.close(), mastodon?.close(), x?.close()]);
    await database?.drop();
  });

  it('a lease is claimed by one holder at a time, renewed by it, and taken over once it expires or is released', async () => {
    nodeA = await startTestServer({ databaseUrl: database.url });
    const owner = await new ApiClient(nodeA.url).signUp();
    const jam = await jamRow(nodeA, (await owner.createJam((await owner.createSeries()).slug)).slug);
    const [one, two] = [new Leases(nodeA.store, 'one'), new Leases(nodeA.store, 'two')];
    const t0 = new Date('2026-11-29T18:00:00Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    // Two nodes racing for the same lease: exactly one gets it.
    const raced = await Promise.all([one.claim('bluesky', jam.id, t0, 1000), two.claim('bluesky', jam.id, t0, 1000)]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const [holder, other] = raced[0] ? [one, two] : [two, one];
    expect(await holder.claim('bluesky', jam.id, later(500), 1000)).toBe(true);
    // Renewed at 500 ms, so it holds until 1500 ms.
    expect(await other.claim('bluesky', jam.id, later(1200), 1000)).toBe(false);
    expect(await other.claim('bluesky', jam.id, later(1500), 1000)).toBe(true);
    expect(await holder.claim('bluesky', jam.id, later(1600), 1000)).toBe(false);
    await other.release('bluesky', jam.id);
    expect(await holder.claim('bluesky', jam.id, later(1700), 1000)).toBe(true);
    // Leases are per network: the same jam's Mastodon reader may be another node.
    expect(await other.claim('mastodon', jam.id, later(1700), 1000)).toBe(true);
    await nodeA.close();
  });

  it('two nodes read each network once per jam; when the reader stops, the other takes over; every post is stored once', async () => {
    const tokenKey = randomBytes(32);
    const node = () => networksServer({ blueskyService: bluesky.url, tokenKey, leaseMs: 3_000 }, { databaseUrl: database.url, bridge: xOptions(x, { tokenKey }) });
    nodeA = await node();
    const owner = await new ApiClient(nodeA.url).signUp();
    const series: SeriesView = await owner.createSeries();
    // Link all three networks through node A.
    await linkBluesky(bluesky, owner, series);
    expect((await linkMastodon(nodeA.url, mastodon, owner, series)).status).toBe(303);
    expect((await linkX(nodeA.url, x, owner, series)).status).toBe(303);

    const jam = await jamRow(nodeA, (await owner.createJam(series.slug, { live: true })).slug);
    // Node A reads every network; node B starts while the jam is live, and finds the leases taken.
    await bluesky.waitFor('a search by node A', () => bluesky.calls('GET /xrpc/app.bsky.feed.searchPosts').length > 0);
    nodeB = await node();
    const holders = async () => (await nodeA.store.db.selectFrom('bridge_leases').select(['network', 'holder']).where('jam_id', '=', jam.id).orderBy('network').execute()).map((r) => `${r.network}:${r.holder === nodeA.networks.leases.holder ? 'A' : r.holder === nodeB.networks.leases.holder ? 'B' : '?'}`);
    await eventually(x, async () => expect(await holders()).toEqual(['bluesky:A', 'mastodon:A', 'x:A']));

    const tag = series.hashtag;
    const b1 = bluesky.post('ann.bsky.social', `A1: one ${tag}`);
    const m1 = mastodon.post('ann', `A1: one ${tag}`);
    const x1 = x.tweet('ann', `A1: one ${tag}`);
    const seen = (source: MessageView['source']) => messagesFrom(owner, jam.slug, source).then((found) => found.map((m) => m.externalUrl));
    await eventually(bluesky, async () => expect([await seen('bluesky'), await seen('mastodon'), await seen('x')]).toEqual([[expect.stringContaining(b1.uri.split('/').pop()!)], [m1.url], [`https://x.com/ann/status/${x1.id}`]]));

    // Only node A's Bluesky session has searched: node B never even logged in.
    const sessions = new Set(bluesky.calls('GET /xrpc/app.bsky.feed.searchPosts').map((r) => r.token));
    expect(sessions.size).toBe(1);
    expect(bluesky.calls('POST /xrpc/com.atproto.server.createSession').filter((r) => r.status === 200)).toHaveLength(2); // link + node A's client
    // Only the reader keeps the Mastodon hashtag stream open.
    const streams = () => mastodon.calls('GET /api/v1/streaming/hashtag');
    expect([streams().length, mastodon.streamsOpen]).toEqual([1, 1]);

    // Node A stops (letting go of its leases); node B takes over every network.
    await nodeA.close();
    await eventually(x, async () => expect(await new Leases(nodeB.store, '?').holderOf('bluesky', jam.id)).toMatchObject({ holder: nodeB.networks.leases.holder }));
    const b2 = bluesky.post('bob.bsky.social', `A1: two ${tag}`);
    const m2 = mastodon.post('bob', `A1: two ${tag}`);
    const x2 = x.tweet('bob', `A1: two ${tag}`);
    const viaB = new ApiClient(nodeB.url);
    viaB.token = owner.token;
    const seenB = (source: MessageView['source']) => messagesFrom(viaB, jam.slug, source).then((found) => found.map((m) => m.externalUrl));
    await eventually(bluesky, async () => expect([(await seenB('bluesky')).length, await seenB('mastodon'), await seenB('x')]).toEqual([2, [m1.url, m2.url], [`https://x.com/ann/status/${x1.id}`, `https://x.com/bob/status/${x2.id}`]]), 15_000);
    expect((await seenB('bluesky'))[1]).toContain(b2.uri.split('/').pop()!);
    // Node A's stream closed with it; node B streams now, one connection still.
    await mastodon.waitFor('node B streaming', () => streams().length === 2 && mastodon.streamsOpen === 1);
    expect(new Set(bluesky.calls('GET /xrpc/app.bsky.feed.searchPosts').map((r) => r.token)).size).toBe(2);
  });
});
