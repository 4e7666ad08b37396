import type { AuthorRole, JamView, MessageSource, MessageView } from '../../shared/model.ts';

/**
 * A small jam transcript whose every figure is computed by hand in the tests beside it
 * (report.test.ts, digest.test.ts). Test data only.
 */
export const fixtureJam: JamView = {
  slug: 'cx-2026-03-10',
  title: 'Pricing in public',
  status: 'ended',
  questionsPublic: true,
  startsAt: '2026-03-10T15:00:00.000Z',
  durationMin: 30,
  series: { slug: 'cx', name: 'CX chat', hashtag: '#cxchat', timeZone: 'America/New_York' },
  questionCount: 2,
  messageCount: 12,
  viewers: 0,
  description: '',
  timeZone: 'America/New_York',
  rules: '',
  questions: [
    { n: 1, text: 'What does fair pricing look like?', offsetMin: 0, releaseAt: '2026-03-10T15:00:00.000Z', released: true },
    { n: 2, text: 'Who should own pricing changes?', offsetMin: 15, releaseAt: '2026-03-10T15:15:00.000Z', released: true },
  ],
  panelists: [
    { handle: 'ana', displayName: 'Ana' },
    { handle: 'ben', displayName: 'Ben' },
  ],
  hosts: [{ handle: 'hal', displayName: 'Hal' }],
  show: {
    status: 'ended',
    startsAt: '2026-03-10T15:00:00.000Z',
    endsAt: '2026-03-10T15:30:00.000Z',
    startedAt: '2026-03-10T15:00:00.000Z',
    endedAt: '2026-03-10T15:30:00.000Z',
    currentQuestion: 2,
    nextQuestion: null,
    nextQuestionAt: null,
    extendedMin: 0,
    releasedAt: ['2026-03-10T15:00:00.000Z', '2026-03-10T15:15:00.000Z'],
    plannedAt: ['2026-03-10T15:00:00.000Z', '2026-03-10T15:15:00.000Z'],
    at: '2026-03-10T16:00:00.000Z',
  },
  permalink: '/jams/cx-2026-03-10',
};

const roles: Record<string, AuthorRole> = { hal: 'host', ana: 'panelist', ben: 'panelist' };

function msg(seq: number, handle: string, time: string, question: number | null, extra: Partial<{ replyTo: number; boosts: number; featured: boolean; hidden: boolean; source: MessageSource }> = {}): MessageView {
  const id = `msg${String(seq).padStart(5, '0')}`;
  return {
    id,
    seq,
    jamSlug: fixtureJam.slug,
    clientId: `client${seq}xx`,
    author: { handle, displayName: handle[0]!.toUpperCase() + handle.slice(1), role: roles[handle] ?? 'participant' },
    text: `${question ? `A${question}: ` : ''}message ${seq} from ${handle} #cxchat`,
    createdAt: `2026-03-10T${time}.000Z`,
    question,
    replyTo: extra.replyTo ? `msg${String(extra.replyTo).padStart(5, '0')}` : null,
    source: extra.source ?? 'native',
    externalUrl: null,
    featured: extra.featured ?? false,
    hidden: extra.hidden ?? false,
    boosts: extra.boosts ?? 0,
    permalink: `/jams/${fixtureJam.slug}/m/${id}`,
  };
}

export const fixtureMessages: MessageView[] = [
  msg(1, 'hal', '15:00:10', 1),
  msg(2, 'ana', '15:01:00', 1, { boosts: 3, featured: true }),
  msg(3, 'ben', '15:01:30', 1, { boosts: 1 }),
  msg(4, 'cat', '15:02:00', 1),
  msg(5, 'dan', '15:02:30', 1, { replyTo: 4, boosts: 2 }),
  msg(6, 'cat', '15:03:00', 1, { replyTo: 5 }),
  msg(7, 'eve', '15:05:00', 1, { source: 'x' }),
  msg(8, 'dan', '15:06:00', 1, { hidden: true, featured: true, boosts: 5 }),
  msg(9, 'hal', '15:15:00', 2),
  msg(10, 'ana', '15:16:00', 2, { boosts: 1 }),
  msg(11, 'cat', '15:16:20', 2, { boosts: 4 }),
  msg(12, 'fay', '15:17:00', 2, { replyTo: 11 }),
  msg(13, 'cat', '15:29:59', 2),
];

export const fixtureAudience = {
  visits: [
    { visitor: 'v1', handle: 'cat' },
    { visitor: 'v2', handle: 'ana' },
    { visitor: 'v3', handle: null },
    { visitor: 'v4', handle: null },
    { visitor: 'v5', handle: null },
    { visitor: 'v6', handle: 'hal' },
  ],
  minutes: [
    { minute: '2026-03-10T15:01:00.000Z', viewers: 6, lurkers: 3 },
    { minute: '2026-03-10T15:00:00.000Z', viewers: 4, lurkers: 2 },
    { minute: '2026-03-10T15:02:00.000Z', viewers: 5, lurkers: 3 },
  ],
  priorAuthors: new Set(['tj:cat', 'tj:hal']),
};
