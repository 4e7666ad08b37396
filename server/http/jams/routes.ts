import { jamRoutes as routes } from '../../../shared/api/jams.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** /api/jams: jams, their run of show, and their live stream over HTTP. */
export function jamRoutes({ jams, show, posting, moderation, boosts, standing }: Services): Implementation[] {
  return [
    implement(routes.list, async ({ query }) => ({ jams: await jams.list({ status: query.status, seriesSlug: query.series, limit: query.limit }) })),
    implement(routes.create, async ({ user, body }) => ({ jam: await jams.create(user, body.series, body) })),
    implement(routes.view, async ({ user, params }) => {
      const [{ jam, stream }, viewer] = await Promise.all([jams.opening(params.slug, user), standing.viewerIn(params.slug, user)]);
      return { jam, viewer, stream };
    }),
    implement(routes.update, async ({ user, params, body }) => ({ jam: await jams.update(user, params.slug, body) })),
    implement(routes.control, async ({ user, params, body }) => ({ show: await show.control(user, params.slug, body.action, body.minutes) })),
    implement(routes.messages, async ({ user, params, query }) => jams.messages(params.slug, user, query.after, query.limit)),
    implement(routes.post, async ({ user, params, body }, { status }) => {
      const result = await posting.post(user, params.slug, body);
      if (result.duplicate) status(200);
      return result;
    }),
    implement(routes.moderate, async ({ user, params, body }) => ({ message: await moderation.moderate(user, params.slug, params.id, body.action, body.reason) })),
    implement(routes.boost, async ({ user, params, body }) => ({ message: await boosts.boost(user, params.slug, params.id, body.boosted) })),
  ];
}
