import type { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { AuditEntryView, NetworkBanView } from '../../shared/moderation.ts';
import type { MessageView, SeriesView } from '../../shared/model.ts';
import { startMockBluesky, type MockBluesky } from '../support/mockBluesky.ts';
import { startMockMastodon, type MockMastodon } from '../support/mockMastodon.ts';
import { startMockX, type MockX } from '../support/mockX.ts';
import { ApiClient, eventually, linkBluesky, linkMastodon, linkX, messagesFrom, networksServer, QUESTIONS, xOptions } from '../support/networkBridges.ts';

/**
 * Hosts ban people who post through a bridge (no account here) by network and the network's
 * stable author id: their later posts never reach the jam, on every network, until the ban is
 * lifted; bans are listed and audited like native sanctions.
 */

let bluesky: MockBluesky;
let mastodon: MockMastodon;
let x: MockX;
let server: RunningServer;

beforeEach(async () => {
  [bluesky, mastodon, x] = await Promise.all([startMockBluesky(), startMockMastodon(), startMockX()]);
  server = await networksServer({ blueskyService: bluesky.url }, { bridge: xOptions(x) });
});

afterEach(async () => {
  await server?.close();
  await Promise.all([bluesky.close(), mastodon.close(), x.close()]);
});

async function hostWithSeries(): Promise<{ owner: ApiClient; series: SeriesView }> {
  const owner = await new ApiClient(server.url).signUp();
  return { owner, series: await owner.createSeries() };
}

/** Waits until the jam holds exactly these texts from the network, in order (nothing else came in). */
async function expectTexts(owner: ApiClient, slug: string, source: MessageView['source'], texts: string[], mock: EventEmitter): Promise<MessageView[]> {
  return eventually(mock, async () => {
    const found = await messagesFrom(owner, slug, source);
    expect(found.map((m) => m.text)).toEqual(texts);
    return found;
  });
}

const ban = (client: ApiClient, slug: string, body: unknown) => client.post<{ ban: NetworkBanView; error?: { code: string; message: string } }>(`/api/series/${slug}/network-bans`, body);
const bans = async (client: ApiClient, slug: string) => (await client.get<{ bans: NetworkBanView[] }>(`/api/series/${slug}/network-bans`)).body.bans;
const audit = async (client: ApiClient, slug: string) => (await client.get<{ entries: AuditEntryView[] }>(`/api/series/${slug}/audit`)).body.entries;

describe('banning a Bluesky author', () => {
  it('drops their later posts (by DID) until unbanned; only hosts ban; listed and audited', async () => {
    const { owner, series } = await hostWithSeries();
    await linkBluesky(bluesky, owner, series);
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    const tag = series.hashtag;
    bluesky.post('spam.bsky.social', `A1: buy followers ${tag}`);
    const [spam] = await expectTexts(owner, jam.slug, 'bluesky', [`A1: buy followers ${tag}`], bluesky);

    // Not a host: refused. A native message: its author has a handle to sanction instead.
    const stranger = await new ApiClient(server.url).signUp();
    expect((await ban(stranger, series.slug, { message: spam!.id })).status).toBe(403);
    const native = (await owner.postMessage(jam.slug, 'A1: from the host')).body.message;
    const refused = await ban(owner, series.slug, { message: native.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error!.message).toContain('by handle');
    expect((await ban(owner, series.slug, { message: spam!.id, jam: 'no-such-jam' })).status).toBe(400);

    const banned = await ban(owner, series.slug, { message: spam!.id, reason: 'spam' });
    expect(banned.status).toBe(201);
    const did = bluesky.account('spam.bsky.social').did;
    expect(banned.body.ban).toMatchObject({ network: 'bluesky', authorId: did, author: { handle: 'spam.bsky.social' }, jamSlug: null, reason: 'spam', expiresAt: null, by: { handle: owner.user!.handle } });
    expect(await bans(owner, series.slug)).toEqual([banned.body.ban]);
    expect((await stranger.get(`/api/series/${series.slug}/network-bans`)).status).toBe(403);

    // Their next post is never stored; someone else's, posted after it, comes in.
    bluesky.post('spam.bsky.social', `A1: buy more followers ${tag}`);
    bluesky.post('fan.bsky.social', `A1: a real answer ${tag}`);
    await expectTexts(owner, jam.slug, 'bluesky', [`A1: buy followers ${tag}`, `A1: a real answer ${tag}`], bluesky);

    const lifted = await owner.post<{ lifted: number }>(`/api/series/${series.slug}/network-bans/lift`, { network: 'bluesky', authorId: did });
    expect(lifted.body).toEqual({ lifted: 1 });
    expect(await bans(owner, series.slug)).toEqual([]);
    bluesky.post('spam.bsky.social', `A1: sorry, a real one ${tag}`);
    await expectTexts(owner, jam.slug, 'bluesky', [`A1: buy followers ${tag}`, `A1: a real answer ${tag}`, `A1: sorry, a real one ${tag}`], bluesky);

    const entries = await audit(owner, series.slug);
    expect(entries.map((e) => [e.action, e.target?.handle, e.reason])).toEqual(
      expect.arrayContaining([
        ['network_author.ban', 'spam.bsky.social', 'spam'],
        ['network_author.unban', 'spam.bsky.social', null],
      ]),
    );
    expect(entries.find((e) => e.action === 'network_author.ban')).toMatchObject({ messageId: spam!.id, detail: { network: 'bluesky', authorId: did, scope: 'series' } });
  });
});

describe('banning a Mastodon author', () => {
  it('a ban for one jam, for a while, names the account by its URL and drops their statuses there', async () => {
    const { owner, series } = await hostWithSeries();
    expect((await linkMastodon(server.url, mastodon, owner, series)).status).toBe(303);
    const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS });
    const tag = series.hashtag;
    mastodon.post('troll', `A1: first ${tag}`);
    const [first] = await expectTexts(owner, jam.slug, 'mastodon', [`A1: first ${tag}`], mastodon);

    const banned = await ban(owner, series.slug, { message: first!.id, jam: jam.slug, minutes: 60 });
    expect(banned.status).toBe(201);
    expect(banned.body.ban).toMatchObject({ network: 'mastodon', authorId: `https://${mastodon.domain}/@troll`, author: { handle: 'troll' }, jamSlug: jam.slug, expiresAt: expect.any(String) });

    mastodon.post('troll', `A1: second ${tag}`);
    mastodon.post('kind', `A1: welcome ${tag}`);
    await expectTexts(owner, jam.slug, 'mastodon', [`A1: first ${tag}`, `A1: welcome ${tag}`], mastodon);
    // Lifting names the scope it was made in: the series-wide scope has nothing to lift.
    expect((await owner.post(`/api/series/${series.slug}/network-bans/lift`, { network: 'mastodon', authorId: `https://${mastodon.domain}/@troll` })).body).toEqual({ lifted: 0 });
    expect((await owner.post(`/api/series/${series.slug}/network-bans/lift`, { network: 'mastodon', authorId: `https://${mastodon.domain}/@troll`, jam: jam.slug })).body).toEqual({ lifted: 1 });
  });
});

describe('banning an X author', () => {
  it('drops their later tweets (by X user id) through the same ingest', async () => {
    const { owner, series } = await hostWithSeries();
    expect((await linkX(server.url, x, owner, series)).status).toBe(303);
    const jam = await owner.createJam(series.slug, { live: true });
    const tag = series.hashtag;
    x.tweet('loud', `A1: first ${tag}`);
    const [first] = await expectTexts(owner, jam.slug, 'x', [`A1: first ${tag}`], x);
    const banned = await ban(owner, series.slug, { message: first!.id });
    expect(banned.body.ban).toMatchObject({ network: 'x', authorId: x.user('loud').id, author: { handle: 'loud' } });
    x.tweet('loud', `A1: again ${tag}`);
    x.tweet('calm', `A1: hello ${tag}`);
    await expectTexts(owner, jam.slug, 'x', [`A1: first ${tag}`, `A1: hello ${tag}`], x);
  });
});
