import type { AudienceQuestionView, PollView } from '../../shared/interaction.ts';
import type { AudienceQuestionRow, CountedPoll } from '../store/interaction.ts';

/** Presenters for audience questions and polls: the only way their rows leave the server. */

export function presentAudienceQuestion(row: AudienceQuestionRow, jamSlug: string, promotedTo: number | null = null): AudienceQuestionView {
  return {
    id: row.id,
    jamSlug,
    clientId: row.client_id,
    version: Number(row.version),
    author: { handle: row.author_handle, displayName: row.author_name },
    text: row.text,
    status: row.status,
    held: row.held === 1,
    votes: Number(row.vote_count),
    mergedInto: row.merged_into,
    answerIds: JSON.parse(row.answer_ids) as string[],
    promotedTo,
    createdAt: row.created_at,
  };
}

/** What a viewer who is not a host may see of a question: a hidden one keeps only its id (so clients drop it). */
export function publicAudienceQuestion(view: AudienceQuestionView): AudienceQuestionView {
  return view.status === 'hidden' ? { ...view, text: '', author: { handle: '', displayName: '' }, answerIds: [] } : view;
}

export function presentPoll({ poll, counts }: CountedPoll, jamSlug: string): PollView {
  const options = JSON.parse(poll.options) as string[];
  return {
    id: poll.id,
    jamSlug,
    clientId: poll.client_id,
    version: Number(poll.version),
    question: poll.question,
    text: poll.text,
    options: options.map((text, i) => ({ text, votes: counts[i] ?? 0 })),
    status: poll.status,
    results: poll.results,
    revealed: poll.revealed === 1,
    total: counts.reduce((sum, n) => sum + n, 0),
    createdAt: poll.created_at,
    closedAt: poll.closed_at,
  };
}

/** Results are hidden from everyone but hosts until revealed, unless the poll shows them live. */
export const resultsVisible = (poll: PollView) => poll.results === 'live' || poll.revealed;

export function publicPoll(poll: PollView): PollView {
  if (resultsVisible(poll)) return poll;
  return { ...poll, total: null, options: poll.options.map((o) => ({ text: o.text, votes: null })) };
}
