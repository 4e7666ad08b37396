import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import { zonedInstant, localDate } from '../../shared/time.ts';
import type { Clock } from '../jams/clock.ts';
import { createServices, type Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';
import { ARCHIVED, ARCHIVED_LINES, DEMO_HOST, DEMO_PASSWORD, LIVE, LIVE_LINES, PANELISTS, PARTICIPANTS, REPLIES, SERIES } from './script.ts';

const MINUTE = 60_000;
const ARCHIVE_SLUG = 'cxjam-voice-of-the-customer';

/** A clock the seeder moves by hand to post the archived jam at its own (past) times. */
class ManualClock implements Clock {
  constructor(public at: Date) {}
  now = () => new Date(this.at);
  wakeAt = () => () => {};
}

/**
 * `npm start -- --demo`: a CX chat series with one archived jam (a week ago, 50 messages) and one
 * jam that is live now, where simulated panelists and participants answer every few seconds.
 * Everything goes through the real domain services, so the demo shows the product, not a mock.
 * Safe to run again on the same data: it reuses what exists and starts a new live jam if needed.
 */
export async function seedDemo(services: Services, log: Logger): Promise<{ stop(): void }> {
  const people = await ensurePeople(services);
  const host = people.get(DEMO_HOST.handle)!;
  if (!(await services.deps.store.series.bySlug('cxjam'))) await services.series.create(host, { ...SERIES, slug: 'cxjam', defaultDurationMin: 60 });
  const series = (await services.deps.store.series.bySlug('cxjam'))!;
  if (!(await services.deps.store.jams.bySlug(ARCHIVE_SLUG))) await seedArchive(services, people, series.time_zone);
  const simulator = new LiveSimulator(services, people, log);
  await simulator.start();
  log.info({ host: DEMO_HOST.handle, password: DEMO_PASSWORD, archive: `/jams/${ARCHIVE_SLUG}` }, 'demo ready: sign in as the host to run the show');
  return simulator;
}

async function ensurePeople(services: Services): Promise<Map<string, UserRow>> {
  const people = new Map<string, UserRow>();
  for (const person of [DEMO_HOST, ...PANELISTS, ...PARTICIPANTS]) {
    const user = (await services.deps.store.users.byHandle(person.handle)) ?? (await services.accounts.signUp({ handle: person.handle, displayName: person.displayName, password: DEMO_PASSWORD }));
    people.set(person.handle, user);
  }
  return people;
}

/** Posts the archived jam through a second set of services whose clock walks through last week's hour. */
async function seedArchive(live: Services, people: Map<string, UserRow>, timeZone: string): Promise<void> {
  const weekAgo = new Date(live.deps.clock.now().getTime() - 7 * 24 * 60 * MINUTE);
  const startsAt = zonedInstant(`${localDate(weekAgo, timeZone)}T13:00`, timeZone);
  const clock = new ManualClock(new Date(startsAt.getTime() - 30 * MINUTE));
  const past = createServices(live.deps.store, clock, () => {});
  const host = people.get(DEMO_HOST.handle)!;
  await past.jams.create(host, 'cxjam', {
    slug: ARCHIVE_SLUG,
    title: ARCHIVED.title,
    description: ARCHIVED.description,
    startsAt: startsAt.toISOString(),
    durationMin: 60,
    questions: ARCHIVED.questions.map((text, i) => ({ text, offsetMin: i * 10 })),
    panelists: PANELISTS.map((p) => p.handle),
  });
  for (const [q, lines] of ARCHIVED_LINES.entries()) {
    const questionAt = startsAt.getTime() + q * 10 * MINUTE;
    clock.at = new Date(questionAt + 20_000);
    await past.posting.post(host, ARCHIVE_SLUG, { clientId: nanoid(), text: `Q${q + 1}: ${ARCHIVED.questions[q]}` });
    const ids: string[] = [];
    for (const [i, [handle, text, replyTo]] of lines.entries()) {
      clock.at = new Date(questionAt + MINUTE + i * 70_000);
      const { message } = await past.posting.post(people.get(handle)!, ARCHIVE_SLUG, { clientId: nanoid(), text, replyTo: replyTo === undefined ? null : ids[replyTo] });
      ids.push(message.id);
    }
    await past.moderation.moderate(host, ARCHIVE_SLUG, ids[0]!, 'feature');
    for (const [i, id] of ids.entries()) {
      const fans = [...people.values()].slice(0, (i * 7 + q * 3) % 5);
      for (const fan of fans) await past.boosts.boost(fan, ARCHIVE_SLUG, id, true);
    }
  }
}

/** Simulated panelists and participants answering the live jam every few seconds, and a host who posts each question. */
class LiveSimulator {
  #timer: NodeJS.Timeout | undefined;
  #off: (() => void)[] = [];
  #slug = '';
  #recent: string[] = [];
  #turn = 0;

  constructor(
    private readonly services: Services,
    private readonly people: Map<string, UserRow>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.#slug = await this.ensureLiveJam();
    const { events } = this.services.deps;
    this.#off.push(
      events.on('question:released', ({ jamSlug, question }) => {
        if (jamSlug === this.#slug) void this.say(DEMO_HOST.handle, `Q${question.n}: ${question.text}`);
      }),
      events.on('jam:updated', ({ jamSlug, reason }) => {
        if (jamSlug === this.#slug && reason === 'ended') {
          setTimeout(() => void this.ensureLiveJam().then((slug) => (this.#slug = slug)), 30_000).unref();
        }
      }),
      events.on('message:created', ({ jamSlug, message }) => {
        if (jamSlug === this.#slug) this.#recent = [message.id, ...this.#recent].slice(0, 12);
      }),
    );
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#off.forEach((off) => off());
  }

  /** The series' live jam, or a new one that started seven minutes ago (Q2 is about to drop). */
  private async ensureLiveJam(): Promise<string> {
    const live = await this.services.jams.list({ seriesSlug: 'cxjam', status: 'live', limit: 1 });
    if (live[0]) return live[0].slug;
    const now = this.services.deps.clock.now();
    const jam = await this.services.jams.create(this.people.get(DEMO_HOST.handle)!, 'cxjam', {
      title: LIVE.title,
      description: LIVE.description,
      startsAt: new Date(now.getTime() - 7 * MINUTE).toISOString(),
      durationMin: 60,
      questions: LIVE.questions.map((text, i) => ({ text, offsetMin: i * 8 })),
      panelists: PANELISTS.map((p) => p.handle),
    });
    return jam.slug;
  }

  private schedule(): void {
    this.#timer = setTimeout(() => void this.step().finally(() => this.schedule()), 2000 + Math.random() * 3000);
    this.#timer.unref();
  }

  private async step(): Promise<void> {
    const view = await this.services.jams.view(this.#slug).catch(() => null);
    const n = view?.show.currentQuestion;
    if (!view || view.show.status !== 'live' || !n) return;
    const turn = this.#turn++;
    const panel = turn % 3 !== 2;
    const pool = panel ? PANELISTS : PARTICIPANTS;
    const who = pool[Math.floor(Math.random() * pool.length)]!.handle;
    if (turn % 5 === 4 && this.#recent.length > 0) {
      const replyTo = this.#recent[Math.floor(Math.random() * this.#recent.length)]!;
      await this.say(who, REPLIES[turn % REPLIES.length]!, replyTo);
    } else {
      const lines = LIVE_LINES[n - 1] ?? LIVE_LINES[0]!;
      await this.say(who, `A${n}: ${lines[turn % lines.length]}`);
    }
    if (turn % 4 === 1 && this.#recent[1]) {
      const fan = PARTICIPANTS[turn % PARTICIPANTS.length]!.handle;
      await this.services.boosts.boost(this.people.get(fan)!, this.#slug, this.#recent[1], true).catch(() => {});
    }
  }

  private async say(handle: string, text: string, replyTo?: string): Promise<void> {
    try {
      await this.services.posting.post(this.people.get(handle)!, this.#slug, { clientId: nanoid(), text, replyTo: replyTo ?? null });
    } catch (error) {
      this.log.warn({ err: error, handle }, 'demo post refused');
    }
  }
}
