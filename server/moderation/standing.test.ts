import { nanoid } from 'nanoid';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../test/support/fakeClock.ts';
import { loadJamContext } from '../core/context.ts';
import { createServices } from '../services.ts';
import { openStore, type Store } from '../store/index.ts';

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function setup() {
  const store = await openStore({ dataDir: '.', sqliteFile: ':memory:' });
  stores.push(store);
  const clock = new FakeClock('2026-05-05T16:00:00.000Z');
  const services = createServices(store, clock, (error) => {
    throw error;
  });
  const host = await services.accounts.signUp({ handle: 'host_s', password: 'correct horse battery' });
  const talker = await services.accounts.signUp({ handle: 'talker_s', password: 'correct horse battery' });
  await services.series.create(host, { name: 'S', hashtag: '#standing', description: '', rules: '', timeZone: 'UTC', defaultDurationMin: 60 });
  const jam = await services.jams.create(host, 'standing', { title: 'J', startsAt: '2026-05-05T16:00:00.000Z', description: '', questions: [], panelists: [] });
  await services.moderation.configure(host, jam.slug, { slowModeSec: 60 });
  return { services, store, clock, talker, slug: jam.slug };
}

describe('slow mode in the domain', () => {
  it('slows a new post but lets a resend of a stored post through, whatever the edge checked before', async () => {
    const { services, store, talker, slug, clock } = await setup();
    const clientId = nanoid();
    await services.posting.post(talker, slug, { clientId, text: 'first' });
    clock.advance(5_000);
    const context = await loadJamContext(store, slug);
    await expect(services.standing.checkPost(context, talker, clientId)).resolves.toMatchObject({ hold: false });
    await expect(services.standing.checkPost(context, talker, nanoid())).rejects.toMatchObject({ code: 'rate_limited', field: 'slowMode', retryAfter: 55 });
  });

  it('a failed write gives the slow-mode slot back, so the retry is not slowed by itself', async () => {
    const { services, store, talker, slug } = await setup();
    const context = await loadJamContext(store, slug);
    const first = await services.standing.checkPost(context, talker, nanoid());
    first.release();
    await expect(services.standing.checkPost(context, talker, nanoid())).resolves.toMatchObject({ hold: false });
    await expect(services.standing.checkPost(context, talker, nanoid())).rejects.toMatchObject({ code: 'rate_limited' });
  });
});
