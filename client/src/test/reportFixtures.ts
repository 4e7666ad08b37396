import { vi } from 'vitest';
import type { Digest, JamReport, SeriesMetrics } from '../../../shared/reports.ts';

/** Test data for the report pages: the shapes the server sends (see server/metrics/*.test.ts for the figures). */

const jamRef = {
  slug: 'cx-2026-03-10',
  title: 'Pricing in public',
  status: 'ended' as const,
  startsAt: '2026-03-10T15:00:00.000Z',
  endsAt: '2026-03-10T15:30:00.000Z',
  durationMin: 30,
  timeZone: 'America/New_York',
  series: { slug: 'cx', name: 'CX chat', hashtag: '#cxchat', timeZone: 'America/New_York' },
};

export const report: JamReport = {
  jam: jamRef,
  generatedAt: '2026-03-11T00:00:00.000Z',
  totals: { messages: 12, participants: 7, newFaces: 5, returning: 2, replies: 3, boosts: 11, featured: 1 },
  viewers: {
    unique: 6,
    uniqueLurkers: 3,
    peakConcurrent: 6,
    peakLurkers: 3,
    perMinute: [
      { minute: '2026-03-10T15:00:00.000Z', viewers: 4, lurkers: 2 },
      { minute: '2026-03-10T15:01:00.000Z', viewers: 6, lurkers: 3 },
    ],
  },
  reach: { estimated: 10, uniqueViewers: 6, postersNotCountedAsViewers: 4, formula: 'unique viewers + posters never counted as viewers' },
  questions: [
    { n: 1, text: 'What does fair pricing look like?', releasedAt: '2026-03-10T15:00:00.000Z', messages: 7, replies: 2, participants: 6, coverage: 0.8333, panelistsAnswered: ['ana', 'ben'] },
    { n: 2, text: 'Who should own pricing changes?', releasedAt: '2026-03-10T15:15:00.000Z', messages: 5, replies: 1, participants: 4, coverage: 0.5, panelistsAnswered: ['ana'] },
  ],
  panelistGrid: {
    questions: [1, 2],
    rows: [
      { handle: 'ana', displayName: 'Ana', counts: [1, 1], answered: 2 },
      { handle: 'ben', displayName: 'Ben', counts: [1, 0], answered: 1 },
    ],
  },
  timeline: [
    { minute: 0, at: '2026-03-10T15:00:00.000Z', messages: 1 },
    { minute: 1, at: '2026-03-10T15:01:00.000Z', messages: 2 },
    { minute: 2, at: '2026-03-10T15:02:00.000Z', messages: 2 },
  ],
  topContributors: [
    { handle: 'cat', displayName: 'Cat', role: 'participant', source: 'native', messages: 4, answers: 4, replies: 1, boostsReceived: 4, featured: 0, newFace: false },
    { handle: 'eve', displayName: 'Eve', role: 'participant', source: 'x', messages: 1, answers: 1, replies: 0, boostsReceived: 0, featured: 0, newFace: true },
  ],
  newFaces: [{ handle: 'eve', displayName: 'Eve', source: 'x' }],
};

export const metrics: SeriesMetrics = {
  series: { slug: 'cx', name: 'CX chat', hashtag: '#cxchat', timeZone: 'America/New_York' },
  generatedAt: '2026-05-01T00:00:00.000Z',
  totals: { jams: 3, messages: 13, participants: 5, uniqueViewers: 5 },
  jams: [
    { slug: 'a', title: 'Jam A', startsAt: '2026-03-03T20:00:00.000Z', messages: 6, participants: 3, newParticipants: 3, returningParticipants: 0, uniqueViewers: 3, retainedNext: 1, retentionNext: 0.3333 },
    { slug: 'c', title: 'Jam C', startsAt: '2026-04-14T19:00:00.000Z', messages: 4, participants: 3, newParticipants: 1, returningParticipants: 2, uniqueViewers: 1, retainedNext: null, retentionNext: null },
  ],
  months: [
    { month: '2026-03', jams: 2, messages: 9, activeParticipants: 4, newParticipants: 4, returningParticipants: 0, uniqueViewers: 4, retention: null },
    { month: '2026-04', jams: 1, messages: 4, activeParticipants: 3, newParticipants: 1, returningParticipants: 2, uniqueViewers: 1, retention: 0.5 },
  ],
  superUsers: [{ handle: 'cat', displayName: 'Cat', source: 'native', jams: 3, messages: 6, firstJam: 'a', lastJam: 'c', consistency: 1 }],
};

export const digest: Digest = {
  jam: jamRef,
  stats: { messages: 12, participants: 7, questions: 2 },
  questions: [
    {
      n: 1,
      text: 'What does fair pricing look like?',
      messages: 7,
      pickedBy: 'featured',
      highlights: [{ id: 'msg00002', author: { handle: 'ana', displayName: 'Ana', role: 'panelist' }, text: 'A1: predictable and explained', boosts: 3, featured: true, permalink: '/jams/cx-2026-03-10/m/msg00002' }],
      threads: [{ root: { id: 'msg00004', author: { handle: 'cat', displayName: 'Cat', role: 'participant' }, text: 'A1: no surprises', boosts: 0, featured: false, permalink: '/jams/cx-2026-03-10/m/msg00004' }, replies: 2, participants: 2 }],
    },
    { n: 2, text: 'Who should own pricing changes?', messages: 0, pickedBy: 'none', highlights: [], threads: [] },
  ],
  words: 30,
  readingMinutes: 1,
};

/** Replaces fetch with one that answers each path from a table (404 JSON error otherwise); returns the mock. */
export function mockFetch(routes: Record<string, { status?: number; body: unknown }>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const path = String(input);
    const route = routes[path];
    const status = route?.status ?? (route ? 200 : 404);
    const body = route ? route.body : { error: { code: 'not_found', message: `no route ${path}` } };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
