import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test/support/fakeClock.ts';
import type { MessageView, QuestionView } from '../../../shared/model.ts';
import { createServices } from '../../services.ts';
import { openStore, type Store } from '../../store/index.ts';
import type { SeriesRow } from '../../store/series.ts';
import { Bridges, type BridgeFamily } from './wiring.ts';

const stores: Store[] = [];
const wirings: Bridges[] = [];
afterEach(async () => {
  wirings.splice(0).forEach((w) => w.stop());
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** A family that records what the wiring asked of it (and may fail at it, as a network that is down does). */
class RecordingFamily implements BridgeFamily {
  readonly seen: string[] = [];
  readonly sweepMs = 60_000;
  onLinked?: (seriesId: string) => void;

  constructor(
    readonly label: string,
    readonly offReason: string | null = null,
    private readonly failing = false,
  ) {}

  private note(what: string): Promise<void> {
    this.seen.push(what);
    return this.failing ? Promise.reject(new Error(`${this.label} is down`)) : Promise.resolve();
  }
  questionReleased(_jamId: string, series: SeriesRow, question: QuestionView) {
    return this.note(`question ${question.n} ${series.hashtag}`);
  }
  messageCreated(_jamId: string, _series: SeriesRow, message: MessageView) {
    return this.note(`message ${message.text}`);
  }
  watch(_jamId: string, series: SeriesRow) {
    return this.note(`watch ${series.hashtag}`);
  }
  unwatch() {
    void this.note('unwatch').catch(() => {});
  }
  stop() {}
  async settle() {}
}

async function setup(families: BridgeFamily[]) {
  const store = await openStore({ dataDir: '.', sqliteFile: ':memory:' });
  stores.push(store);
  const clock = new FakeClock('2026-05-05T16:00:00.000Z');
  const services = createServices(store, clock, (error) => {
    throw error;
  });
  const host = await services.accounts.signUp({ handle: 'host_w', password: 'correct horse battery' });
  await services.series.create(host, { name: 'W', hashtag: '#wiring', description: '', rules: '', timeZone: 'UTC', defaultDurationMin: 60 });
  const series = (await store.series.bySlug('wiring'))!;
  // Scheduled for later: the host starts it early, which releases Q1.
  const jam = await services.jams.create(host, 'wiring', { title: 'J', startsAt: '2026-05-05T17:00:00.000Z', description: '', questions: [{ text: 'Why?', offsetMin: 0 }], panelists: [] });
  const wiring = new Bridges(services.deps, pino({ level: 'silent' }), families);
  wirings.push(wiring);
  await wiring.start();
  return { services, host, series, jam, wiring };
}

describe('the one bridge wiring', () => {
  it('hands every domain event to each family that is on, once; a failing family keeps it from no other; an off family hears nothing', async () => {
    const down = new RecordingFamily('X bridge', null, true);
    const open = new RecordingFamily('Bluesky and Mastodon bridges');
    const off = new RecordingFamily('Elsewhere', 'not configured');
    const { services, host, jam, wiring } = await setup([down, open, off]);

    await services.show.control(host, jam.slug, 'start');
    await services.posting.post(host, jam.slug, { clientId: 'host-post-1', text: 'Welcome #wiring', mode: 'announcement' });
    await wiring.settle();
    for (const family of [down, open]) {
      expect(family.seen).toEqual(expect.arrayContaining(['question 1 #wiring', 'message Welcome #wiring', 'watch #wiring']));
      expect(family.seen.filter((s) => s.startsWith('question'))).toHaveLength(1);
    }
    expect(off.seen).toEqual([]);

    await services.show.control(host, jam.slug, 'end');
    await wiring.settle();
    expect(open.seen.at(-1)).toBe('unwatch');
  });

  it('a family that links a series gets the series’ live jams to watch at once', async () => {
    const open = new RecordingFamily('Bluesky and Mastodon bridges');
    const { services, host, series, jam, wiring } = await setup([open]);
    await services.show.control(host, jam.slug, 'start');
    await wiring.settle();
    open.seen.length = 0;
    open.onLinked!(series.id);
    await wiring.settle();
    expect(open.seen).toEqual(['watch #wiring']);
  });
});
