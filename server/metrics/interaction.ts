import type { AudienceQuestionView, PollView } from '../../shared/interaction.ts';
import type { AcknowledgementFigures, InteractionFigures } from '../../shared/reports.ts';

/**
 * The report's audience-interaction figures, from the jam's audience questions (visible ones),
 * its polls (with every count) and the acknowledgement figure. Pure.
 * `voters`: distinct people who voted on any question is not derivable from counts, so it is passed in.
 */
export function interactionFigures(questions: AudienceQuestionView[], polls: PollView[], acknowledgement: AcknowledgementFigures, voters: number): InteractionFigures {
  const asked = questions.filter((q) => q.status !== 'hidden' && !q.held);
  return {
    audienceQuestions: {
      asked: asked.length,
      votes: asked.reduce((sum, q) => sum + q.votes, 0),
      answered: asked.filter((q) => q.status === 'answered').length,
      promoted: asked.filter((q) => q.promotedTo !== null).length,
      voters,
    },
    polls: polls.map((p) => ({ text: p.text, question: p.question, ballots: p.total ?? 0, options: p.options.map((o) => ({ text: o.text, votes: o.votes ?? 0 })) })),
    acknowledgement,
  };
}
