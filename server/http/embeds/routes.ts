import { embedRoutes as routes } from '../../../shared/api/embeds.ts';
import type { Embeds } from '../../embeds/embeds.ts';
import { implement, type Implementation } from '../routing.ts';

/** /api/series/:slug/embed: which sites may frame the series' widgets (hosts). */
export function embedSettingsRoutes(embeds: Embeds): Implementation[] {
  return [
    implement(routes.settings, async ({ user, params }) => ({ embed: await embeds.settings(user, params.slug) })),
    implement(routes.update, async ({ user, params, body }) => ({ embed: await embeds.update(user, params.slug, body) })),
  ];
}
