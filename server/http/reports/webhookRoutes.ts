import { webhookRoutes as routes } from '../../../shared/api/webhooks.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** /api/series/:slug/webhooks: hosts manage signed outbound webhooks and read the delivery log. */
export function webhookRoutes({ webhooks }: Services): Implementation[] {
  return [
    implement(routes.list, async ({ user, params }) => ({ webhooks: await webhooks.list(user, params.slug) })),
    implement(routes.create, async ({ user, params, body }) => webhooks.create(user, params.slug, body)),
    implement(routes.deliveries, async ({ user, params, query }) => ({ deliveries: await webhooks.deliveries(user, params.slug, query.limit) })),
    implement(routes.test, async ({ user, params }) => webhooks.test(user, params.slug, params.id)),
    implement(routes.rotateSecret, async ({ user, params }) => webhooks.rotateSecret(user, params.slug, params.id)),
    implement(routes.remove, async ({ user, params }) => webhooks.remove(user, params.slug, params.id)),
  ];
}
