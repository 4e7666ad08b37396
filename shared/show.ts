import type { ShowState } from './model.ts';

/** Where one question stands in the show, for timelines and the "next question" preview. */
export type QuestionStage = 'released' | 'current' | 'next' | 'planned' | 'not_asked';

export interface QuestionStep {
  n: number;
  stage: QuestionStage;
  /** Released at, or planned for (with every extension); null when it will not be asked. */
  at: string | null;
}

/**
 * The timeline of the show, read only from the server's derived state: times are never
 * re-computed from offsets on the client, so the timeline, the banner and the archive agree.
 */
export function questionSteps(show: ShowState): QuestionStep[] {
  return show.plannedAt.map((at, i) => {
    const n = i + 1;
    const stage: QuestionStage =
      show.releasedAt[i] != null ? (n === show.currentQuestion && show.status === 'live' ? 'current' : 'released') : at === null ? 'not_asked' : n === show.nextQuestion ? 'next' : 'planned';
    return { n, stage, at };
  });
}
