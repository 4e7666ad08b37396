import type { AudienceSort, InteractionState } from '../../shared/interaction.ts';
import { loadJamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { UserRow } from '../store/users.ts';
import { sortQuestions, type AudienceQuestions } from './audience.ts';
import type { Polls } from './polls.ts';

/**
 * Everything interactive in a jam as one caller sees it, changed after `since` (0: all): what a
 * joining client loads and a reconnecting one catches up with (interaction:sync, GET …/interaction).
 */
export async function interactionState(deps: Deps, audience: AudienceQuestions, polls: Polls, user: UserRow | null, slug: string, since = 0, sort: AudienceSort = 'votes'): Promise<InteractionState> {
  const context = await loadJamContext(deps.store, slug);
  const repo = deps.store.interaction;
  // The version first: anything that changes while we read is sent again on the next sync.
  const version = await repo.version(context.jam.id);
  const [rows, pollRows, votes, ballots] = await Promise.all([
    repo.questions(context.jam.id, since),
    polls.list(user, slug, since),
    user ? repo.votesOf(context.jam.id, user.id) : [],
    user ? repo.ballotsOf(context.jam.id, user.id) : {},
  ]);
  return { jamSlug: slug, version, questions: sortQuestions(audience.visibleTo(context, user, rows), sort), polls: pollRows, mine: { votes, ballots } };
}
