import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import type { SearchHit } from '../../shared/archive.ts';
import type { MessageView } from '../../shared/model.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { storeUnderTest } from '../support/services.ts';

/** Complete search on either store: every match reachable by cursor, in either order, with filters. */

interface Page {
  sort: string;
  hits: SearchHit[];
  nextCursor: string | null;
}

let store: Awaited<ReturnType<typeof storeUnderTest>>;
let server: RunningServer;
let host: ApiClient;
let guest: ApiClient;
let seriesA: string;
let seriesB: string;
let jamA: string;
let jamB: string;
/** Every message holding "common", oldest first. */
const common: MessageView[] = [];
let hiddenId: string;

beforeAll(async () => {
  store = await storeUnderTest();
  server = await startTestServer(store.databaseUrl ? { databaseUrl: store.databaseUrl } : {});
  host = await new ApiClient(server.url).signUp('seeker_host');
  guest = await new ApiClient(server.url).signUp('seeker_guest');
  seriesA = (await host.createSeries({ hashtag: 'seekera' })).slug;
  seriesB = (await host.createSeries({ hashtag: 'seekerb' })).slug;
  jamA = (await host.createJam(seriesA, { live: true, title: 'First' })).slug;
  jamB = (await host.createJam(seriesB, { live: true, title: 'Second' })).slug;
  const say = async (who: ApiClient, jam: string, text: string) => {
    const res = await who.postMessage(jam, text);
    expect(res.status).toBe(201);
    return res.body.message;
  };
  common.push(await say(guest, jamA, 'the oldest common thought'));
  // More matches than any one page holds (100 at most), spread over two jams, two series and two authors.
  for (let i = 0; i < 130; i++) {
    const who = i % 3 === 0 ? guest : host;
    common.push(await say(who, i % 2 === 0 ? jamA : jamB, `common ground number ${i} with some filler words about other things`));
    if (i % 10 === 0) await say(host, jamA, `unrelated chatter ${i}`);
  }
  common.push(await say(host, jamB, 'common common common'));
  const hidden = await say(guest, jamA, 'common but hidden');
  hiddenId = hidden.id;
  expect((await host.post(`/api/jams/${jamA}/messages/${hidden.id}/moderation`, { action: 'hide', reason: 'test' })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await store?.drop();
});

/** Follows nextCursor until the last page; returns every hit in order and the pages' sizes. */
async function everyHit(query: string): Promise<{ hits: SearchHit[]; pages: number[] }> {
  const hits: SearchHit[] = [];
  const pages: number[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: Page } = await guest.get<Page>(`/api/search?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    hits.push(...res.body.hits);
    pages.push(res.body.hits.length);
    cursor = res.body.nextCursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return { hits, pages };
}

describe('search, newest first by default', () => {
  it("reaches a common word's oldest hit through the cursor, each match once, newest first", async () => {
    const { hits, pages } = await everyHit('q=common&limit=20');
    expect(pages).toEqual([20, 20, 20, 20, 20, 20, 12]);
    expect(hits.map((h) => h.message.id)).toEqual(common.map((m) => m.id).reverse());
    expect(hits.at(-1)!.message.text).toBe('the oldest common thought #seekera');
    expect(hits.map((h) => h.message.id)).not.toContain(hiddenId);
    expect(hits[0]!.snippet).toMatch(/\[common\]/i);
  });

  it('says newest is the order and gives no cursor after the last match', async () => {
    const res = await guest.get<Page>('/api/search?q=oldest');
    expect(res.body).toMatchObject({ sort: 'newest', nextCursor: null });
    expect(res.body.hits.map((h) => h.message.id)).toEqual([common[0]!.id]);
  });

  it('needs every word, the last one as a prefix (what is being typed)', async () => {
    const res = await guest.get<Page>('/api/search?q=common%20number%2012&limit=100');
    const numbers = res.body.hits.map((h) => Number(/number (\d+)/.exec(h.message.text)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual([12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129]);
    expect((await guest.get<Page>('/api/search?q=comm%20number%2012')).body.hits).toEqual([]);
  });

  it('finds a typed prefix after other words by its whole beginning, in any case, every match', async () => {
    const ground = common.filter((m) => m.text.includes('ground')).map((m) => m.id).reverse();
    expect((await everyHit('q=common%20GROUN&limit=50')).hits.map((h) => h.message.id)).toEqual(ground);
    // Same first four letters, but no word starts so.
    expect((await guest.get<Page>('/api/search?q=common%20grounds')).body.hits).toEqual([]);
    expect((await guest.get<Page>('/api/search?q=filler%20word&limit=5')).body.hits[0]!.snippet).toMatch(/\[words\]/);
  });
});

describe('search by relevance', () => {
  it('ranks the best match first and still reaches every match once', async () => {
    const { hits } = await everyHit('q=common&sort=relevance&limit=25');
    expect(hits[0]!.message.text).toBe('common common common #seekerb');
    expect(hits).toHaveLength(common.length);
    expect(new Set(hits.map((h) => h.message.id))).toEqual(new Set(common.map((m) => m.id)));
  });

  it('refuses a cursor from the other order', async () => {
    const first = await guest.get<Page>('/api/search?q=common&limit=5');
    const res = await guest.get<Page>(`/api/search?q=common&sort=relevance&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_input', field: 'cursor' });
    expect((await guest.get('/api/search?q=common&cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });
});

describe('search filters', () => {
  const ids = (hits: SearchHit[]) => hits.map((h) => h.message.id).sort();

  it('by jam and by series', async () => {
    const inJamB = common.filter((m) => m.permalink.includes(`/jams/${jamB}/`));
    expect(ids((await everyHit(`q=common&jam=${jamB}&limit=30`)).hits)).toEqual(inJamB.map((m) => m.id).sort());
    expect(ids((await everyHit(`q=common&series=${seriesB}&limit=30`)).hits)).toEqual(inJamB.map((m) => m.id).sort());
    expect(ids((await everyHit(`q=common&series=${seriesA}&jam=${jamB}`)).hits)).toEqual([]);
    expect((await guest.get('/api/search?q=common&series=no-such-series')).status).toBe(404);
  });

  it('by author, with or without the @, in any case', async () => {
    const byGuest = common.filter((m) => m.author.handle === 'seeker_guest').map((m) => m.id).sort();
    expect(byGuest.length).toBeGreaterThan(40);
    expect(ids((await everyHit('q=common&author=seeker_guest&limit=30')).hits)).toEqual(byGuest);
    expect(ids((await everyHit('q=common&author=%40Seeker_Guest&limit=30')).hits)).toEqual(byGuest);
    expect((await guest.get<Page>('/api/search?q=common&author=nobody_here')).body.hits).toEqual([]);
  });

  it('by date: from (inclusive) and to (a day counts whole)', async () => {
    // Days counted from when the messages were posted, not from now: a run may cross midnight (UTC).
    const times = common.map((m) => Date.parse(m.createdAt));
    const [first, last] = [Math.min(...times), Math.max(...times)];
    const day = (offset: number, from = last) => new Date(from + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await everyHit(`q=common&from=${day(-1, first)}&to=${day(0)}&limit=100`)).hits).toHaveLength(common.length);
    expect((await guest.get<Page>(`/api/search?q=common&from=${day(1)}`)).body.hits).toEqual([]);
    expect((await guest.get<Page>(`/api/search?q=common&to=${day(-1, first)}`)).body.hits).toEqual([]);
    const middle = common[60]!.createdAt;
    const since = (await everyHit(`q=common&from=${encodeURIComponent(middle)}&limit=100`)).hits;
    expect(since.every((h) => h.message.createdAt >= middle)).toBe(true);
    expect(since.map((h) => h.message.id)).toContain(common[60]!.id);
    const bad = await guest.get<Page>(`/api/search?q=common&from=${day(1)}&to=${day(-1)}`);
    expect(bad.status).toBe(400);
    expect((await guest.get<Page>('/api/search?q=common&from=yesterday')).body.error).toMatchObject({ code: 'invalid_input', field: 'from' });
  });
});
