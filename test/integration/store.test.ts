import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import type { NewMessage, SearchOptions } from '../../server/store/messages.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

/** One store suite, run against SQLite and PostgreSQL: same migrations, same behaviour. */

const at = (minute = 0) => new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();

async function seed(store: Store) {
  const user = { id: nanoid(), handle: `u${nanoid(6)}`, display_name: 'Ana', password_hash: 'x', bio: '', avatar_url: null, created_at: at() };
  user.handle = user.handle.replace(/[^A-Za-z0-9]/g, 'x');
  await store.users.insert({ ...user, handle_key: user.handle.toLowerCase() });
  const series = { id: nanoid(), slug: `s-${nanoid(6).toLowerCase()}`, name: 'Series', hashtag: '#cx', hashtag_key: `cx${nanoid(6).toLowerCase()}`, description: '', rules: '', time_zone: 'UTC', default_duration_min: 60, owner_id: user.id, created_at: at() };
  await store.series.insert(series);
  const jam = (title: string) => ({ id: nanoid(), slug: `j-${nanoid(8).toLowerCase()}`, series_id: series.id, title, description: '', starts_at: at(), duration_min: 60, last_seq: 0, announced_status: 'scheduled' as const, premoderation: 0, slow_mode_sec: 0, questions_public: 1, created_by: user.id, created_at: at() });
  const first = jam('First');
  const second = jam('Second');
  for (const j of [first, second]) {
    await store.jams.insert(
      j,
      [
        { jam_id: j.id, n: 1, text: 'Why?', offset_min: 0 },
        { jam_id: j.id, n: 2, text: 'How?', offset_min: 20 },
      ],
      [user.id],
    );
  }
  const message = (jamId: string, text: string, clientId = nanoid()): NewMessage => ({
    id: nanoid(),
    jam_id: jamId,
    client_id: clientId,
    author_id: user.id,
    author_handle: user.handle,
    author_name: 'Ana',
    author_role: 'participant',
    text,
    question: 1,
    reply_to: null,
    source: 'native',
    external_id: null,
    external_url: null,
    external_author_id: null,
    hidden: 0,
    hidden_reason: null,
    featured: 0,
    created_at: at(1),
  });
  return { user, series, first, second, message };
}

function storeSuite(open: () => Promise<{ store: Store; dispose(): Promise<void> }>, extra?: (get: () => Store) => void) {
  let store: Store;
  let dispose: () => Promise<void>;
  let fx: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ store, dispose } = await open());
    fx = await seed(store);
  });
  afterAll(async () => {
    await store?.close();
    await dispose?.();
  });

  it('migrates twice without harm and answers a ping', async () => {
    await store.migrate();
    await store.ping();
    expect(store.ready).toBe(true);
  });

  it('finds users by handle case-insensitively and by live session only', async () => {
    expect((await store.users.byHandle(fx.user.handle.toUpperCase()))?.id).toBe(fx.user.id);
    await store.users.insertSession({ id: `s-${nanoid()}`, user_id: fx.user.id, created_at: at(), expires_at: at(30) });
    const sessionId = `s-${nanoid()}`;
    await store.users.insertSession({ id: sessionId, user_id: fx.user.id, created_at: at(), expires_at: at(30) });
    expect((await store.users.bySession(sessionId, at(10)))?.id).toBe(fx.user.id);
    expect(await store.users.bySession(sessionId, at(31))).toBeUndefined();
  });

  it('keeps the series owner as host and adds a co-host once', async () => {
    const cohost = { id: nanoid(), handle: `c${nanoid(5).replace(/[^A-Za-z0-9]/g, 'x')}`, display_name: 'Co', password_hash: 'x', bio: '', avatar_url: null, created_at: at() };
    await store.users.insert({ ...cohost, handle_key: cohost.handle.toLowerCase() });
    await store.series.addHost(fx.series.id, cohost.id, at(1));
    await store.series.addHost(fx.series.id, cohost.id, at(2));
    const hosts = await store.series.hosts(fx.series.id);
    expect(hosts.map((h) => h.role)).toEqual(['owner', 'cohost']);
  });

  it('reads a jam with its questions, panelists and actions in order', async () => {
    expect((await store.jams.bySlug(fx.first.slug))?.id).toBe(fx.first.id);
    expect((await store.jams.questions(fx.first.id)).map((q) => q.n)).toEqual([1, 2]);
    expect((await store.jams.panelists(fx.first.id)).map((p) => p.user_id)).toEqual([fx.user.id]);
    await store.jams.addAction({ jam_id: fx.first.id, kind: 'start', minutes: null, at: at(0), by_user_id: fx.user.id });
    await store.jams.addAction({ jam_id: fx.first.id, kind: 'extend', minutes: 5, at: at(3), by_user_id: fx.user.id });
    const actions = await store.jams.actions(fx.first.id);
    expect(actions.map((a) => [a.kind, a.minutes])).toEqual([
      ['start', null],
      ['extend', 5],
    ]);
    expect(typeof actions[0]!.id).toBe('number');
  });

  it('announces a question release and a status change exactly once, even when raced', async () => {
    const releases = await Promise.all([1, 2, 3, 4].map(() => store.jams.markReleased(fx.second.id, 1, at(0))));
    expect(releases.filter(Boolean)).toHaveLength(1);
    const moves = await Promise.all([1, 2, 3].map(() => store.jams.markStatus(fx.second.id, 'scheduled', 'live')));
    expect(moves.filter(Boolean)).toHaveLength(1);
    expect((await store.jams.byId(fx.second.id))?.announced_status).toBe('live');
    expect((await store.jams.unfinished()).map((j) => j.id)).toContain(fx.second.id);
    expect(await store.jams.markStatus(fx.second.id, 'live', 'ended')).toBe(true);
    expect((await store.jams.unfinished()).map((j) => j.id)).not.toContain(fx.second.id);
  });

  it('hands out seqs in order across batches and bumps last_seq in the same write', async () => {
    const a = await store.messages.insertBatch([fx.message(fx.first.id, 'one'), fx.message(fx.first.id, 'two')]);
    const b = await store.messages.insertBatch([fx.message(fx.first.id, 'three')]);
    const seqs = [...a, ...b].map((r) => r.row.seq);
    expect(seqs[1]! - seqs[0]!).toBe(1);
    expect(seqs[2]! - seqs[1]!).toBe(1);
    expect((await store.jams.byId(fx.first.id))?.last_seq).toBe(seqs[2]);
    const after = await store.messages.after(fx.first.id, seqs[0]!, 10);
    expect(after.map((m) => m.text)).toEqual(['two', 'three']);
  });

  it('stores a retried client id once, within one batch and across batches', async () => {
    const clientId = nanoid();
    const results = await store.messages.insertBatch([fx.message(fx.first.id, 'retry me', clientId), fx.message(fx.first.id, 'retry me', clientId)]);
    expect(results.map((r) => r.duplicate)).toEqual([false, true]);
    expect(results[1]!.row.id).toBe(results[0]!.row.id);
    const again = await store.messages.insertBatch([fx.message(fx.first.id, 'retry me', clientId)]);
    expect(again[0]).toMatchObject({ duplicate: true, row: { id: results[0]!.row.id, seq: results[0]!.row.seq } });
    const stored = (await store.messages.allVisible(fx.first.id)).filter((m) => m.client_id === clientId);
    expect(stored).toHaveLength(1);
    expect(await store.messages.byClientId(fx.first.id, clientId)).toMatchObject({ id: results[0]!.row.id });
  });

  it('gives concurrent batches to one jam distinct, gap-free seqs', async () => {
    const before = (await store.jams.byId(fx.second.id))!.last_seq;
    const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => store.messages.insertBatch([fx.message(fx.second.id, `burst ${i}a`), fx.message(fx.second.id, `burst ${i}b`)])));
    const seqs = batches.flat().map((r) => r.row.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => before + i + 1));
  });

  it('hides messages from viewers and counts only visible ones', async () => {
    const { row } = (await store.messages.insertBatch([fx.message(fx.first.id, 'hide me')]))[0]!;
    const before = (await store.jams.messageCounts([fx.first.id])).get(fx.first.id)!;
    const hidden = await store.messages.setFlags(row.id, { hidden: 1, hidden_reason: 'spam' });
    expect(hidden).toMatchObject({ hidden: 1, hidden_reason: 'spam' });
    expect((await store.jams.messageCounts([fx.first.id])).get(fx.first.id)).toBe(before - 1);
    expect((await store.messages.latest(fx.first.id, 500)).map((m) => m.id)).not.toContain(row.id);
    expect((await store.messages.after(fx.first.id, 0, 500, true)).map((m) => m.id)).toContain(row.id);
  });

  it('counts a boost once per user and removes it once', async () => {
    const { row } = (await store.messages.insertBatch([fx.message(fx.first.id, 'boost me')]))[0]!;
    await store.messages.setBoost(row.id, fx.user.id, true, at(2));
    expect((await store.messages.setBoost(row.id, fx.user.id, true, at(3)))?.boost_count).toBe(1);
    await store.messages.setBoost(row.id, fx.user.id, false, at(4));
    expect((await store.messages.setBoost(row.id, fx.user.id, false, at(5)))?.boost_count).toBe(0);
  });

  describe('search', () => {
    const search = async (q: string, options: SearchOptions) => (await store.messages.search(q, options)).rows;
    beforeAll(async () => {
      await store.messages.insertBatch([
        fx.message(fx.first.id, 'Pricing pages confuse customers #cx'),
        fx.message(fx.first.id, 'We rewrote our pricing model last year #cx'),
        fx.message(fx.first.id, 'Nothing about money here #cx'),
        fx.message(fx.first.id, 'Café culture matters for onboarding #cx'),
      ]);
      await store.messages.insertBatch([fx.message(fx.second.id, 'Pricing in the second jam #cx')]);
      const { row } = (await store.messages.insertBatch([fx.message(fx.first.id, 'secret pricing leak #cx')]))[0]!;
      await store.messages.setFlags(row.id, { hidden: 1, hidden_reason: null });
    });

    it('finds words by prefix across jams, never hidden messages, with a marked snippet', async () => {
      const hits = await search('pric', { limit: 10 });
      expect(hits.map((h) => h.message.text).sort()).toEqual(['Pricing in the second jam #cx', 'Pricing pages confuse customers #cx', 'We rewrote our pricing model last year #cx']);
      expect(hits.every((h) => /\[pricing\]/i.test(h.snippet))).toBe(true);
      expect(hits[0]!.message).toHaveProperty('seq');
    });

    it('narrows to one jam and needs every word', async () => {
      const scoped = await search('pricing', { jamId: fx.second.id, limit: 10 });
      expect(scoped.map((h) => h.message.text)).toEqual(['Pricing in the second jam #cx']);
      const both = await search('pricing model', { limit: 10 });
      expect(both.map((h) => h.message.text)).toEqual(['We rewrote our pricing model last year #cx']);
    });

    it('treats search syntax as plain words and matches accented words', async () => {
      for (const q of ['pricing" OR *', "pricing') & !", 'NEAR(pricing)', '"', '&|!:*()']) {
        await expect(search(q, { limit: 5 })).resolves.toBeInstanceOf(Array);
      }
      expect((await search('café', { limit: 5 })).map((h) => h.message.text)).toEqual(['Café culture matters for onboarding #cx']);
      expect(await search('   ', { limit: 5 })).toEqual([]);
      expect(await search('zebra', { limit: 5 })).toEqual([]);
    });

    it('finds a jam\'s own match however many newer matches other jams hold', async () => {
      await store.messages.insertBatch([fx.message(fx.first.id, 'an okapi sighting #cx')]);
      await store.messages.insertBatch(Array.from({ length: 1100 }, (_, i) => fx.message(fx.second.id, `okapi number ${i} #cx`)));
      await store.messages.insertBatch([fx.message(fx.first.id, 'closing words #cx')]);
      expect((await search('okapi', { jamId: fx.first.id, limit: 5 })).map((h) => h.message.text)).toEqual(['an okapi sighting #cx']);
      expect(await search('okapi', { limit: 20 })).toHaveLength(20);
    });

    it('respects the limit', async () => {
      expect(await search('cx', { limit: 2 })).toHaveLength(2);
    });
  });

  extra?.(() => store);
}

describe('store on SQLite', () => {
  storeSuite(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-store-'));
    const store = await openStore({ dataDir, sqliteFile: 'store.sqlite' });
    return { store, dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  });
});

describeWithServices(['postgres'], 'store on PostgreSQL', () => {
  let schema: Awaited<ReturnType<typeof freshPostgresSchema>> | undefined;
  // Registered first, so it runs after the suite's own afterAll has closed the store; and even when opening failed.
  afterAll(() => schema?.drop());
  storeSuite(
    async () => {
      schema = await freshPostgresSchema();
      const store = await openStore({ databaseUrl: schema!.url, dataDir: os.tmpdir() });
      expect(store.dialect).toBe('postgres');
      return { store, dispose: async () => {} };
    },
    () => {
      it('migrates a fresh schema while another schema of the database already holds TweetJam', async () => {
        const neighbour = await freshPostgresSchema();
        try {
          const store = await openStore({ databaseUrl: neighbour.url, dataDir: os.tmpdir() });
          await store.ping();
          await store.close();
        } finally {
          await neighbour.drop();
        }
      });

      it('migrates from two nodes at once without error', async () => {
        const [a, b] = await Promise.all([openStore({ databaseUrl: schema!.url, dataDir: os.tmpdir() }), openStore({ databaseUrl: schema!.url, dataDir: os.tmpdir() })]);
        await Promise.all([a.close(), b.close()]);
      });

      it('keeps seqs distinct when two nodes write to one jam at once', async () => {
        const other = await openStore({ databaseUrl: schema!.url, dataDir: os.tmpdir() });
        try {
          const jam = (await other.jams.list({ limit: 10 }))[0]!;
          const template = (await other.messages.latest(jam.id, 1))[0]!;
          const make = (text: string): NewMessage => {
            const { seq: _seq, boost_count: _boosts, ...rest } = template;
            return { ...rest, id: nanoid(), client_id: nanoid(), text };
          };
          const stores = [other, await openStore({ databaseUrl: schema!.url, dataDir: os.tmpdir() })];
          try {
            const results = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2]!.messages.insertBatch([make(`node ${i % 2} post ${i}`), make(`node ${i % 2} post ${i}b`)])));
            const seqs = results.flat().map((r) => r.row.seq);
            expect(new Set(seqs).size).toBe(20);
            // The same retried send reaching both nodes at once is stored once.
            const retried = make('sent twice');
            const both = await Promise.all(stores.map((s) => s.messages.insertBatch([{ ...retried, id: nanoid() }])));
            expect(both.map((r) => r[0]!.duplicate).sort()).toEqual([false, true]);
            expect(both[0]![0]!.row.id).toBe(both[1]![0]!.row.id);
          } finally {
            await stores[1]!.close();
          }
        } finally {
          await other.close();
        }
      });
    },
  );
});
