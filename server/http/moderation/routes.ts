import { moderationRoutes as routes } from '../../../shared/api/moderation.ts';
import type { Services } from '../../services.ts';
import { originOf } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';

/** Roles (co-hosts, panelists, invites), rules, sanctions, reports, the moderation queue and the audit log. */
export function moderationRoutes({ moderation, queue, sanctions, networkBans, team, standing, audit }: Services): Implementation[] {
  return [
    /* Series: co-hosts, rules, sanctions, audit */
    implement(routes.addCohost, async ({ user, params, body }) => ({ series: await team.addCohost(user, params.slug, body.handle) })),
    implement(routes.removeCohost, async ({ user, params }) => ({ series: await team.removeCohost(user, params.slug, params.handle) })),
    implement(routes.acceptRules, async ({ user, params }) => {
      await standing.acceptRules(user, params.slug);
      return { accepted: true as const };
    }),
    implement(routes.sanctions, async ({ user, params }) => ({ sanctions: await sanctions.list(user, params.slug) })),
    implement(routes.impose, async ({ user, params, body }) => ({ sanction: await sanctions.impose(user, params.slug, body) })),
    implement(routes.lift, async ({ user, params, body }) => sanctions.lift(user, params.slug, body)),
    // Bridged authors (X, Bluesky, Mastodon) have no handle here: banned by a message of theirs, lifted by network and id.
    implement(routes.networkBans, async ({ user, params }) => ({ bans: await networkBans.list(user, params.slug) })),
    implement(routes.banNetworkAuthor, async ({ user, params, body }) => ({ ban: await networkBans.impose(user, params.slug, body) })),
    implement(routes.liftNetworkBan, async ({ user, params, body }) => networkBans.lift(user, params.slug, body)),
    implement(routes.audit, async ({ user, params, query }) => ({ entries: await audit.list(user, params.slug, query) })),

    /* Jams: queue and settings, messages, panelists, invites */
    implement(routes.queue, async ({ user, params }) => queue.queue(user, params.slug)),
    implement(routes.configure, async ({ user, params, body }) => moderation.configure(user, params.slug, body)),
    implement(routes.deleteMessage, async ({ user, params, body }) => moderation.delete(user, params.slug, params.id, body.reason)),
    implement(routes.approve, async ({ user, params }) => ({ message: await moderation.approve(user, params.slug, params.id) })),
    implement(routes.report, async ({ user, params, body }, { status }) => {
      const result = await queue.report(user, params.slug, params.id, body.reason);
      if (!result.reported) status(200);
      return result;
    }),
    implement(routes.dismissReport, async ({ user, params }) => {
      await queue.dismiss(user, params.slug, params.id);
      return { dismissed: true as const };
    }),
    implement(routes.addPanelist, async ({ user, params, body }) => ({ jam: await team.addPanelist(user, params.slug, body.handle) })),
    implement(routes.removePanelist, async ({ user, params }) => ({ jam: await team.removePanelist(user, params.slug, params.handle) })),
    implement(routes.createInvite, async ({ user, params, body }, { req }) => {
      const invite = await team.createInvite(user, params.slug, body);
      return { invite: { ...invite, url: originOf(req) + invite.url } };
    }),
    implement(routes.acceptInvite, async ({ user, params }) => ({ jam: await team.acceptInvite(user, params.token) })),
  ];
}
