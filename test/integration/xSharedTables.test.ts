import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, expect, it } from 'vitest';
import type { BridgeStatus } from '../../server/bridge/bridge.ts';
import type { RunningServer } from '../../server/server.ts';
import { migrations } from '../../server/store/migrations/index.ts';
import { connectStore } from '../../server/store/index.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { startMockX, type MockX } from '../support/mockX.ts';
import { eventually, linkX, QUESTIONS, xOptions } from '../support/networkBridges.ts';
import { storeUnderTest } from '../support/services.ts';

/**
 * Upgrading past 015 (X's posts and mirroring into the shared bridge_* tables, on either store):
 * an operator's linked X account, its posted questions and who mirrors survive, and the bridge
 * carries on from them: the next question threads under the one posted before the upgrade.
 */

let mock: MockX | undefined;
let server: RunningServer | undefined;
let drop: () => Promise<void> = async () => {};

afterEach(async () => {
  await server?.close();
  await mock?.close();
  await drop();
  server = mock = undefined;
});

it('linked X accounts, posted questions and mirroring choices survive migration 015', async () => {
  mock = await startMockX();
  const pg = await storeUnderTest();
  drop = pg.drop;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-x015-'));
  const storeOptions = pg.databaseUrl ? { databaseUrl: pg.databaseUrl } : { sqliteFile: 'tweetjam.db' };
  // One token key across the restart, as an operator keeps X_TOKEN_KEY.
  const bridge = xOptions(mock);
  const start = () => startTestServer({ dataDir, ...storeOptions, bridge });

  server = await start();
  const owner = await new ApiClient(server.url).signUp();
  const panelist = await new ApiClient(server.url).signUp();
  const series = await owner.createSeries();
  expect((await linkX(server.url, mock, owner, series)).status).toBe(303);
  const jam = await owner.createJam(series.slug, { live: true, questions: QUESTIONS, panelists: [panelist.user!.handle] });
  expect((await panelist.request('PUT', `/api/series/${series.slug}/x/mirror`, { enabled: true })).status).toBe(200);
  const posted = () => mock!.calls('POST /2/tweets').filter((r) => r.status === 201);
  await mock.waitFor('Q1 on X', () => posted().length === 1);
  const status = async () => (await owner.get<{ bridge: BridgeStatus }>(`/api/series/${series.slug}/x`)).body.bridge;
  await eventually(mock, async () => expect(await status()).toMatchObject({ linked: true, outboundCount: 1 }));
  await server.close();
  server = undefined;

  // Back to the store as a release before 015 left it: the rows in x_outbound and x_mirror_prefs.
  const store = connectStore({ dataDir, ...storeOptions, log: pino({ level: 'silent' }) });
  try {
    const all = await migrations(pg.databaseUrl ? 'postgres' : 'sqlite').getMigrations();
    await all['015_x_shared_tables']!.down!(store.db as never);
    await sql`DELETE FROM kysely_migration WHERE name = '015_x_shared_tables'`.execute(store.db);
    const old = (await sql<{ kind: string; ref: string; status: string; tweet_id: string | null }>`SELECT kind, ref, status, tweet_id FROM x_outbound`.execute(store.db)).rows;
    expect(old).toEqual([{ kind: 'question', ref: '1', status: 'posted', tweet_id: mock.tweets[0]!.id }]);
    expect((await sql<{ enabled: number }>`SELECT enabled FROM x_mirror_prefs`.execute(store.db)).rows.map((r) => Number(r.enabled))).toEqual([1]);
    expect(Number((await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM bridge_outbound WHERE network = 'x'`.execute(store.db)).rows[0]!.n)).toBe(0);
  } finally {
    await store.close();
  }

  // The upgrade: 015 runs on start.
  server = await start();
  const again = Object.assign(new ApiClient(server.url), { token: owner.token, user: owner.user });
  const panelistAgain = Object.assign(new ApiClient(server.url), { token: panelist.token, user: panelist.user });
  expect((await again.get<{ bridge: BridgeStatus }>(`/api/series/${series.slug}/x`)).body.bridge).toMatchObject({ linked: true, state: 'ok', account: { username: 'jamhost' }, outboundCount: 1 });
  expect((await panelistAgain.get(`/api/series/${series.slug}/x/mirror`)).body).toEqual({ mirror: { enabled: true } });
  expect((await sql<{ ref: string; post_id: string }>`SELECT ref, post_id FROM bridge_outbound WHERE network = 'x'`.execute(server.store.db)).rows).toEqual([{ ref: '1', post_id: mock.tweets[0]!.id }]);

  // The bridge carries on: Q1 is not posted again, Q2 threads under it, the mirrored answer goes out.
  await again.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
  await mock.waitFor('Q2 on X', () => posted().length === 2);
  await panelistAgain.postMessage(jam.slug, 'A2: mirrored after the upgrade');
  await mock.waitFor('the mirrored answer on X', () => posted().length === 3);
  const bodies = posted().map((r) => r.body as { text: string; reply?: { in_reply_to_tweet_id: string } });
  expect(bodies[1]).toMatchObject({ text: `Q2: What would you change? ${series.hashtag}`, reply: { in_reply_to_tweet_id: mock.tweets[0]!.id } });
  expect(bodies[2]!.text).toBe(`A2: mirrored after the upgrade ${series.hashtag}`);
  await eventually(mock, async () => expect((await again.get<{ bridge: BridgeStatus }>(`/api/series/${series.slug}/x`)).body.bridge).toMatchObject({ outboundCount: 3 }));
});
