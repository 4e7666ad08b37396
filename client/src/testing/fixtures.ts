import type { JamView, MessageView } from '../../../shared/model.ts';

/** Test data shaped exactly like the server's presenters. */
export function message(seq: number, overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: `msg${String(seq).padStart(6, '0')}`,
    seq,
    jamSlug: 'jam-1',
    clientId: `client${String(seq).padStart(6, '0')}`,
    author: { handle: 'ada', displayName: 'Ada', role: 'participant' },
    text: `message ${seq} #chat`,
    createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    question: null,
    replyTo: null,
    source: 'native',
    externalUrl: null,
    featured: false,
    hidden: false,
    boosts: 0,
    permalink: `/jams/jam-1/m/msg${seq}`,
    ...overrides,
  };
}

export function liveJam(overrides: Partial<JamView> = {}): JamView {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  return {
    slug: 'jam-1',
    title: 'Support as a product',
    status: 'live',
    questionsPublic: true,
    startsAt,
    durationMin: 60,
    series: { slug: 'chat', name: 'Chat', hashtag: '#chat', timeZone: 'America/New_York' },
    questionCount: 2,
    messageCount: 0,
    viewers: 1,
    description: '',
    timeZone: 'UTC',
    rules: 'Be kind.',
    questions: [
      { n: 1, text: 'Is support a product?', offsetMin: 0, releaseAt: startsAt, released: true },
      { n: 2, text: 'How do you measure it?', offsetMin: 20, releaseAt: new Date(Date.now() + 1_140_000).toISOString(), released: false },
    ],
    panelists: [],
    hosts: [{ handle: 'hank', displayName: 'Hank' }],
    show: { status: 'live', startsAt, endsAt: new Date(Date.now() + 3_540_000).toISOString(), startedAt: startsAt, endedAt: null, currentQuestion: 1, nextQuestion: 2, nextQuestionAt: new Date(Date.now() + 1_140_000).toISOString(), extendedMin: 0, releasedAt: [startsAt, null], plannedAt: [startsAt, new Date(Date.now() + 1_140_000).toISOString()], at: new Date().toISOString() },
    permalink: '/jams/jam-1',
    ...overrides,
  };
}
