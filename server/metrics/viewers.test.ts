import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import { DomainEvents } from '../core/events.ts';
import { openStore, type Store } from '../store/index.ts';
import type { JamRow } from '../store/jams.ts';
import { MetricsQueries } from './queries.ts';
import { ViewerCounter, viewerIdentity } from './viewers.ts';

describe('viewerIdentity', () => {
  it('counts by the address the handshake resolved, never by a header the client sends', () => {
    expect(viewerIdentity('203.0.113.9', 'UA', null)).toEqual({ userId: null, ip: '203.0.113.9', userAgent: 'UA' });
    expect(viewerIdentity('198.51.100.7', ['A', 'B'], 'u1')).toEqual({ userId: 'u1', ip: '198.51.100.7', userAgent: 'A B' });
  });
});

describe('ViewerCounter', () => {
  let store: Store;
  let now: Date;
  const clock: Clock = { now: () => now, wakeAt: () => () => {} };
  let jam: JamRow;
  let counter: ViewerCounter;
  const live = { viewers: 0, lurkers: 0 };

  beforeEach(async () => {
    now = new Date('2026-03-10T15:05:30Z');
    store = await openStore({ dataDir: '.', sqliteFile: ':memory:' });
    const at = '2026-03-01T00:00:00.000Z';
    await store.db.insertInto('users').values({ id: 'u1', handle: 'hal', handle_key: 'hal', display_name: 'Hal', password_hash: 'x', bio: '', avatar_url: null, created_at: at }).execute();
    await store.series.insert({ id: 's1', slug: 'cx', name: 'CX', hashtag: '#cx', hashtag_key: 'cx', description: '', rules: '', time_zone: 'UTC', default_duration_min: 60, owner_id: 'u1', created_at: at });
    jam = { id: 'j1', slug: 'cx-1', series_id: 's1', title: 'T', description: '', starts_at: '2026-03-10T15:00:00.000Z', duration_min: 60, last_seq: 0, announced_status: 'live', premoderation: 0, slow_mode_sec: 0, questions_public: 1, created_by: 'u1', created_at: at };
    await store.jams.insert(jam, [], []);
    counter = new ViewerCounter({ store, clock, events: new DomainEvents(), presence: { viewers: () => 0 } }, new MetricsQueries(store.db), (e) => {
      throw e;
    });
    counter.attach({ viewers: () => live.viewers, lurkers: () => live.lurkers });
  });

  afterEach(() => store.close());

  const visits = () => store.db.selectFrom('jam_visits').selectAll().orderBy('first_seen').execute();

  it('counts a visitor once a day, by a salted hash that does not contain the address', async () => {
    const lurker = { userId: null, ip: '198.51.100.7', userAgent: 'Firefox' };
    live.viewers = 1;
    live.lurkers = 1;
    await counter.joined(jam, lurker);
    await counter.joined(jam, lurker);
    await counter.joined(jam, { ...lurker, ip: '198.51.100.8' });
    const rows = await visits();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.visitor) && !JSON.stringify(r).includes('198.51'))).toBe(true);

    // Past midnight UTC the salt changes (and the old one is deleted): the same person is a new hash.
    now = new Date('2026-03-11T00:00:10Z');
    await counter.joined(jam, lurker);
    const after = await visits();
    expect(after).toHaveLength(3);
    expect(new Set(after.map((r) => r.visitor)).size).toBe(3);
    expect(await store.db.selectFrom('viewer_salts').select('day').execute()).toEqual([{ day: '2026-03-11' }]);
  });

  it('keeps the highest concurrent counts of each minute while the jam is live', async () => {
    live.viewers = 5;
    live.lurkers = 3;
    await counter.joined(jam, { userId: 'u1', ip: '::1', userAgent: '' });
    live.viewers = 2;
    live.lurkers = 1;
    await counter.sampleAll();
    now = new Date('2026-03-10T15:06:01Z');
    await counter.sampleAll();
    expect(await new MetricsQueries(store.db).minutes(jam.id)).toEqual([
      { minute: '2026-03-10T15:05:00.000Z', viewers: 5, lurkers: 3 },
      { minute: '2026-03-10T15:06:00.000Z', viewers: 2, lurkers: 1 },
    ]);
    // After the end nothing more is sampled.
    now = new Date('2026-03-10T17:00:00Z');
    await counter.sampleAll();
    expect(await new MetricsQueries(store.db).minutes(jam.id)).toHaveLength(2);
  });
});
