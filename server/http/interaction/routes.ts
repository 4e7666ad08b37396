import { interactionRoutes as routes } from '../../../shared/api/interaction.ts';
import { interactionState } from '../../interaction/state.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** Audience questions and votes, polls, the not-yet-answered queue, and automatic moderation. */
export function interactionRoutes({ audience, polls, promotion, unanswered, automod, deps }: Services): Implementation[] {
  return [
    implement(routes.state, async ({ user, params, query }) => interactionState(deps, audience, polls, user, params.slug, query.since ?? 0, query.sort)),

    /* Audience questions */
    implement(routes.questions, async ({ user, params, query }) => audience.list(user, params.slug, query.sort, query.since ?? 0)),
    implement(routes.ask, async ({ user, params, body }, { status }) => {
      const result = await audience.ask(user, params.slug, body);
      if (result.duplicate) status(200);
      return result;
    }),
    implement(routes.vote, async ({ user, params, body }) => ({ question: await audience.vote(user, params.slug, params.id, body.voted) })),
    implement(routes.moderateQuestion, async ({ user, params, body }) => ({ question: await audience.moderate(user, params.slug, params.id, body) })),
    implement(routes.promote, async ({ user, params }) => promotion.promote(user, params.slug, params.id)),

    /* Polls */
    implement(routes.polls, async ({ user, params }) => ({ polls: await polls.list(user, params.slug) })),
    implement(routes.createPoll, async ({ user, params, body }, { status }) => {
      const result = await polls.create(user, params.slug, body);
      if (result.duplicate) status(200);
      return result;
    }),
    implement(routes.ballot, async ({ user, params, body }) => ({ poll: await polls.vote(user, params.slug, params.id, body.option) })),
    implement(routes.pollAction, async ({ user, params, body }) => ({ poll: await polls.act(user, params.slug, params.id, body.action) })),

    /* The not-yet-answered queue */
    implement(routes.unanswered, async ({ user, params }) => unanswered.queue(user, params.slug)),

    /* Automatic moderation */
    implement(routes.automodSettings, async ({ user, params }) => ({ settings: await automod.get(user, params.slug) })),
    implement(routes.saveAutomod, async ({ user, params, body }) => ({ settings: await automod.update(user, params.slug, body) })),
    implement(routes.automodActions, async ({ user, params }) => ({ actions: await automod.actions(user, params.slug) })),
    implement(routes.undoAutomod, async ({ user, params }) => ({ message: await automod.undo(user, params.slug, params.entryId) })),
  ];
}
