import { consoleRoutes as routes } from '../../../shared/api/console.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** The host console's own resources: a series' canned posts, a jam's invite links. */
export function consoleRoutes({ cannedPosts, team }: Services): Implementation[] {
  return [
    implement(routes.cannedPosts, async ({ user, params }) => ({ posts: await cannedPosts.list(user, params.slug) })),
    implement(routes.saveCannedPosts, async ({ user, params, body }) => ({ posts: await cannedPosts.replace(user, params.slug, body.posts) })),
    implement(routes.invites, async ({ user, params }) => ({ invites: await team.invites(user, params.slug) })),
    implement(routes.revokeInvite, async ({ user, params }) => team.revokeInvite(user, params.slug, params.id)),
  ];
}
