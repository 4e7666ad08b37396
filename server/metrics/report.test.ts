import { describe, expect, it } from 'vitest';
import { fixtureAudience, fixtureJam, fixtureMessages } from './fixture.ts';
import { computeJamReport } from './report.ts';

// Every expected value below is counted by hand from fixture.ts (message 8 is hidden).
const report = computeJamReport(fixtureJam, fixtureMessages, fixtureAudience, new Date('2026-03-11T00:00:00Z'));

describe('jam report on the fixture transcript', () => {
  it('counts visible messages, participants, replies, boosts and featured', () => {
    expect(report.totals).toEqual({ messages: 12, participants: 7, newFaces: 5, returning: 2, replies: 3, boosts: 11, featured: 1 });
  });

  it('names the new faces: first posts in the series', () => {
    expect(report.newFaces.map((p) => p.handle)).toEqual(['ana', 'ben', 'dan', 'eve', 'fay']);
  });

  it('figures each question: messages, replies, participants, coverage, panelists who answered', () => {
    expect(report.questions.map(({ n, messages, replies, participants, coverage, panelistsAnswered }) => ({ n, messages, replies, participants, coverage, panelistsAnswered }))).toEqual([
      { n: 1, messages: 7, replies: 2, participants: 6, coverage: 0.8333, panelistsAnswered: ['ana', 'ben'] },
      { n: 2, messages: 5, replies: 1, participants: 4, coverage: 0.5, panelistsAnswered: ['ana'] },
    ]);
  });

  it('fills the panelist × question grid', () => {
    expect(report.panelistGrid).toEqual({
      questions: [1, 2],
      rows: [
        { handle: 'ana', displayName: 'Ana', counts: [1, 1], answered: 2 },
        { handle: 'ben', displayName: 'Ben', counts: [1, 0], answered: 1 },
      ],
    });
  });

  it('counts viewers, the lurker peak and the estimated reach', () => {
    expect(report.viewers).toMatchObject({ unique: 6, uniqueLurkers: 3, peakConcurrent: 6, peakLurkers: 3 });
    expect(report.viewers.perMinute.map((m) => m.minute.slice(11, 16))).toEqual(['15:00', '15:01', '15:02']);
    // ben, dan, fay posted without being seen watching; eve came over the X bridge.
    expect(report.reach).toMatchObject({ estimated: 10, uniqueViewers: 6, postersNotCountedAsViewers: 4 });
  });

  it('lays messages on a per-minute timeline over the whole show', () => {
    expect(report.timeline).toHaveLength(30);
    const busy = Object.fromEntries(report.timeline.filter((t) => t.messages > 0).map((t) => [t.minute, t.messages]));
    expect(busy).toEqual({ 0: 1, 1: 2, 2: 2, 3: 1, 5: 1, 15: 1, 16: 2, 17: 1, 29: 1 });
    expect(report.timeline[16]!.at).toBe('2026-03-10T15:16:00.000Z');
  });

  it('ranks top contributors by messages, then boosts received, then handle', () => {
    expect(report.topContributors.map((c) => [c.handle, c.messages, c.boostsReceived])).toEqual([
      ['cat', 4, 4],
      ['ana', 2, 4],
      ['hal', 2, 0],
      ['dan', 1, 2],
      ['ben', 1, 1],
      ['eve', 1, 0],
      ['fay', 1, 0],
    ]);
    expect(report.topContributors[0]).toMatchObject({ answers: 4, replies: 1, featured: 0, newFace: false });
    expect(report.topContributors.find((c) => c.handle === 'eve')).toMatchObject({ source: 'x', newFace: true });
  });
});
