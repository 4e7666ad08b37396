import { describe, expect, it } from 'vitest';
import { computeSeriesMetrics, type SeriesJamFacts } from './community.ts';

const person = (handle: string, messages: number) => ({ key: `tj:${handle}`, handle, displayName: handle, source: 'native' as const, messages });

// Jam B starts 2026-04-01T02:00Z, which is still 31 March in New York: it belongs to March.
const jams: SeriesJamFacts[] = [
  { slug: 'c', title: 'C', startsAt: '2026-04-14T19:00:00.000Z', authors: [person('cat', 2), person('dan', 1), person('fay', 1)], visitors: ['v5'] },
  { slug: 'a', title: 'A', startsAt: '2026-03-03T20:00:00.000Z', authors: [person('cat', 3), person('hal', 1), person('dan', 2)], visitors: ['v1', 'v2', 'v3'] },
  { slug: 'b', title: 'B', startsAt: '2026-04-01T02:00:00.000Z', authors: [person('cat', 1), person('eve', 2)], visitors: ['v3', 'v4'] },
];
const metrics = computeSeriesMetrics({ slug: 'cx', name: 'CX', hashtag: '#cx', timeZone: 'America/New_York' }, jams, new Date('2026-05-01T00:00:00Z'));

describe('community metrics on a three-jam fixture', () => {
  it('counts each jam: participants, new vs returning, viewers, retention to the next jam', () => {
    expect(metrics.jams.map(({ slug, messages, participants, newParticipants, returningParticipants, uniqueViewers, retainedNext, retentionNext }) => [slug, messages, participants, newParticipants, returningParticipants, uniqueViewers, retainedNext, retentionNext])).toEqual([
      ['a', 6, 3, 3, 0, 3, 1, 0.3333],
      ['b', 3, 2, 1, 1, 2, 1, 0.5],
      ['c', 4, 3, 1, 2, 1, null, null],
    ]);
  });

  it('groups months in the series time zone, with month-over-month retention', () => {
    expect(metrics.months).toEqual([
      { month: '2026-03', jams: 2, messages: 9, activeParticipants: 4, newParticipants: 4, returningParticipants: 0, uniqueViewers: 4, retention: null },
      { month: '2026-04', jams: 1, messages: 4, activeParticipants: 3, newParticipants: 1, returningParticipants: 2, uniqueViewers: 1, retention: 0.5 },
    ]);
    expect(metrics.totals).toEqual({ jams: 3, messages: 13, participants: 5, uniqueViewers: 5 });
  });

  it('ranks super users by jams attended and consistency, returning contributors only', () => {
    expect(metrics.superUsers.map(({ handle, jams: n, messages, consistency, firstJam, lastJam }) => [handle, n, messages, consistency, firstJam, lastJam])).toEqual([
      ['cat', 3, 6, 1, 'a', 'c'],
      ['dan', 2, 3, 0.6667, 'a', 'c'],
    ]);
  });
});
