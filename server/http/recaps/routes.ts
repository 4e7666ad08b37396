import { recapRoutes as routes } from '../../../shared/api/recaps.ts';
import { recapHtml, recapMarkdown } from '../../recaps/exports.ts';
import type { Recaps } from '../../recaps/recaps.ts';
import { asFile, EXPORT_CSP, originOf } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';

/** /api/jams/:slug/recap…: the host's draft, publishing, the readers' recap and its exports; recap lists and search. */
export function recapRoutes(recaps: Recaps): Implementation[] {
  return [
    implement(routes.draft, async ({ user, params }) => ({ draft: await recaps.draft(user, params.slug) })),
    implement(routes.save, async ({ user, params, body }) => ({ draft: await recaps.save(user, params.slug, body) })),
    implement(routes.publish, async ({ user, params, body }) => ({ recap: await recaps.publish(user, params.slug, body.version) })),
    implement(routes.acknowledgeHidden, async ({ user, params }) => ({ draft: await recaps.acknowledgeHidden(user, params.slug) })),
    implement(routes.view, async ({ params }) => ({ recap: await recaps.view(params.slug) })),
    implement(routes.markdown, async ({ params, query }, { req, res }) => asFile(res, `${params.slug}-recap.md`, query.download !== undefined, recapMarkdown(await recaps.view(params.slug), originOf(req)))),
    implement(routes.html, async ({ params, query }, { req, res }) => {
      const html = recapHtml(await recaps.view(params.slug), originOf(req));
      res.set('Content-Security-Policy', EXPORT_CSP);
      return asFile(res, `${params.slug}-recap.html`, query.download !== undefined, html);
    }),
    implement(routes.ofSeries, async ({ params }) => ({ recaps: await recaps.ofSeries(params.slug) })),
    implement(routes.search, async ({ query }) => ({ query: query.q, recaps: await recaps.search(query.q, query.limit) })),
  ];
}
