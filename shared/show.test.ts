import { describe, expect, it } from 'vitest';
import type { ShowState } from './model.ts';
import { questionSteps } from './show.ts';

const base: ShowState = {
  status: 'live',
  startsAt: '2026-05-05T17:00:00.000Z',
  endsAt: '2026-05-05T18:00:00.000Z',
  startedAt: '2026-05-05T17:00:00.000Z',
  endedAt: null,
  currentQuestion: 1,
  nextQuestion: 2,
  nextQuestionAt: '2026-05-05T17:10:00.000Z',
  extendedMin: 0,
  releasedAt: ['2026-05-05T17:00:00.000Z', null, null],
  plannedAt: ['2026-05-05T17:00:00.000Z', '2026-05-05T17:10:00.000Z', null],
  at: '2026-05-05T17:05:00.000Z',
};

describe('question steps', () => {
  it('names the current, the next, and the question the jam ends before', () => {
    expect(questionSteps(base).map((s) => s.stage)).toEqual(['current', 'next', 'not_asked']);
  });

  it('after the end every released question is simply released', () => {
    const ended = { ...base, status: 'ended' as const, nextQuestion: null, nextQuestionAt: null, plannedAt: [base.plannedAt[0]!, null, null] };
    expect(questionSteps(ended).map((s) => [s.stage, s.at])).toEqual([
      ['released', base.plannedAt[0]],
      ['not_asked', null],
      ['not_asked', null],
    ]);
  });
});
