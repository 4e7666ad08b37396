import { nanoid } from 'nanoid';
import type { Logger } from 'pino';
import type { Services } from '../services.ts';
import type { UserRow } from '../store/users.ts';
import { DEMO_HOST, PARTICIPANTS } from './script.ts';

/** Audience questions the demo's participants ask in the live jam, by asker. */
const ASKED: [string, string][] = [
  ['alex_b', 'How do you get budget for CX work when leadership only looks at NPS?'],
  ['rosa_m', 'What is one CX metric you stopped tracking, and why?'],
  ['kwame', 'How small can a team be and still run a real voice-of-customer program?'],
  ['lena_ux', 'Do you share raw customer quotes with engineers, or only summaries?'],
];

/** One poll per question (cycled), so the current question always has an open one. */
const POLLS = [
  { text: 'Where does customer feedback live in your company today?', options: ['A survey tool', 'The support desk', 'Spreadsheets', 'Nowhere, honestly'] },
  { text: 'Who owns the customer journey map where you work?', options: ['CX', 'Product', 'Marketing', 'Nobody yet'] },
  { text: 'How often do you talk to a customer yourself?', options: ['Weekly', 'Monthly', 'A few times a year', 'Never'] },
];

/**
 * The live demo jam's audience side: questions from the audience with votes, and an open poll
 * on the current question with live results (a new one with each question). Seeded through the real services when a live jam of the demo series appears,
 * then a simulated participant votes now and then, so the counts move.
 */
export function startDemoInteraction(services: Services, people: Map<string, UserRow>, log: Logger): { stop(): void } {
  const seeded = new Set<string>();
  let liveSlug: string | null = null;
  const seed = async (slug: string) => {
    liveSlug = slug;
    if (seeded.has(slug)) return;
    seeded.add(slug);
    const jam = await services.deps.store.jams.bySlug(slug);
    if (!jam || (await services.deps.store.interaction.questions(jam.id)).length > 0) return;
    const ids: string[] = [];
    for (const [handle, text] of ASKED) ids.push((await services.audience.ask(people.get(handle)!, slug, { clientId: nanoid(), text })).question.id);
    // A few votes each, most on the first question, so "Top" has a clear leader.
    for (const [i, id] of ids.entries()) {
      const askerHandle = ASKED[i]![0];
      const voters = PARTICIPANTS.filter((p) => p.handle !== askerHandle).slice(0, Math.max(1, 5 - i * 2));
      for (const voter of voters) await services.audience.vote(people.get(voter.handle)!, slug, id, true);
    }
    const current = (await services.jams.view(slug, null)).show.currentQuestion;
    if (current) await pollFor(slug, current);
  };

  /** The host's poll for a question, with live results, and a first few ballots. */
  const pollFor = async (slug: string, n: number) => {
    const spec = POLLS[(n - 1) % POLLS.length]!;
    // The client id names the question: asked again (a restart), the poll is stored once.
    const { poll, duplicate } = await services.polls.create(people.get(DEMO_HOST.handle)!, slug, { clientId: `demo-poll-q${n}`, text: spec.text, options: spec.options, question: n, results: 'live' });
    if (duplicate) return;
    for (const [i, person] of PARTICIPANTS.entries()) await services.polls.vote(people.get(person.handle)!, slug, poll.id, [0, 1, 1, 2, 1, 3][i] ?? 0);
  };

  const current = async () => {
    const [live] = await services.jams.list({ seriesSlug: 'cxjam', status: 'live', limit: 1 });
    if (live) await seed(live.slug);
  };
  const safely = (work: Promise<unknown>) => void work.catch((error: unknown) => log.warn({ err: error }, 'demo interaction refused'));
  safely(current());
  const offs = [
    services.deps.events.on('jam:updated', ({ reason }) => {
      if (reason === 'started') safely(current());
    }),
    services.deps.events.on('question:released', ({ jamSlug, question }) => {
      if (jamSlug === liveSlug) safely(pollFor(jamSlug, question.n));
    }),
  ];

  // Now and then someone votes on a question they have not voted on yet.
  const timer = setInterval(() => {
    if (!liveSlug) return;
    const slug = liveSlug;
    safely(
      (async () => {
        const { questions } = await services.audience.list(null, slug, 'votes');
        const voter = people.get(PARTICIPANTS[Math.floor(Math.random() * PARTICIPANTS.length)]!.handle)!;
        const target = questions.find((q) => q.status === 'open' && q.author.handle !== voter.handle);
        const jam = await services.deps.store.jams.bySlug(slug);
        if (!target || !jam || (await services.deps.store.interaction.votesOf(jam.id, voter.id)).includes(target.id)) return;
        await services.audience.vote(voter, slug, target.id, true);
      })(),
    );
  }, 15_000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      offs.forEach((off) => off());
    },
  };
}
