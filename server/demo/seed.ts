import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import { zonedInstant, localDate } from '../../shared/time.ts';
import type { Clock } from '../core/clock.ts';
import { createServices, type Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';
import { startDemoInteraction } from './interaction.ts';
import { DemoCrowd } from './crowd.ts';
import { ARCHIVED, ARCHIVED_LINES, DEMO_HOST, DEMO_PASSWORD, PANELISTS, PARTICIPANTS, SERIES, UPCOMING } from './script.ts';
import { seedRecapAndMail } from './recapDemo.ts';
import { LiveSimulator } from './simulator.ts';

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
export async function seedDemo(services: Services, log: Logger, options: { url?: string; paceMs?: [number, number] } = {}): Promise<{ stop(): void }> {
  const people = await ensurePeople(services);
  const host = people.get(DEMO_HOST.handle)!;
  if (!(await services.deps.store.series.bySlug('cxjam'))) await services.series.create(host, { ...SERIES, slug: 'cxjam', defaultDurationMin: 60 });
  const series = (await services.deps.store.series.bySlug('cxjam'))!;
  // The simulated people have read the rules, as real participants do on their first post.
  for (const person of people.values()) await services.standing.acceptRules(person, series.slug);
  if (!(await services.deps.store.jams.bySlug(ARCHIVE_SLUG))) await seedArchive(services, people, series.time_zone);
  await ensureUpcoming(services, people.get(DEMO_HOST.handle)!, series.time_zone);
  await seedRecapAndMail(services, host, people.get(PARTICIPANTS[0]!.handle)!, ARCHIVE_SLUG, log);
  // With the server's address, the simulated people and lurkers hold real connections (presence).
  const crowd = options.url ? new DemoCrowd(options.url, log) : null;
  const simulator = new LiveSimulator(services, people, crowd, log, options.paceMs);
  await simulator.start();
  const interaction = startDemoInteraction(services, people, log);
  log.info({ host: DEMO_HOST.handle, password: DEMO_PASSWORD, archive: `/jams/${ARCHIVE_SLUG}` }, 'demo ready: sign in as the host to run the show');
  return {
    stop() {
      simulator.stop();
      interaction.stop();
      crowd?.stop();
    },
  };
}

/** Next week's jam at 13:00 in the series' zone, unless one is already scheduled. */
async function ensureUpcoming(services: Services, host: UserRow, timeZone: string): Promise<void> {
  const scheduled = await services.jams.list({ seriesSlug: 'cxjam', status: 'scheduled', limit: 1 });
  if (scheduled.length > 0) return;
  const inAWeek = new Date(services.deps.clock.now().getTime() + 7 * 24 * 60 * MINUTE);
  await services.jams.create(host, 'cxjam', {
    title: UPCOMING.title,
    description: UPCOMING.description,
    startsAt: zonedInstant(`${localDate(inAWeek, timeZone)}T13:00`, timeZone).toISOString(),
    durationMin: 60,
    questions: UPCOMING.questions.map((text, i) => ({ text, offsetMin: i * 12 })),
    panelists: PANELISTS.slice(0, 2).map((p) => p.handle),
  });
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
