import { seriesRoutes as routes } from '../../../shared/api/series.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** /api/series: the recurring chats and their reserved hashtags. */
export function seriesRoutes({ series, jams }: Services): Implementation[] {
  return [
    implement(routes.list, async () => ({ series: await series.list() })),
    implement(routes.create, async ({ user, body }) => ({ series: await series.create(user, body) })),
    implement(routes.view, async ({ params }) => {
      const [view, seriesJams] = await Promise.all([series.get(params.slug), jams.list({ seriesSlug: params.slug, limit: 100 })]);
      return { series: view, jams: seriesJams };
    }),
    implement(routes.update, async ({ user, params, body }) => ({ series: await series.update(user, params.slug, body) })),
    implement(routes.createJam, async ({ user, params, body }) => ({ jam: await jams.create(user, params.slug, body) })),
  ];
}
