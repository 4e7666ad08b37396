import { reportRoutes as routes } from '../../../shared/api/reports.ts';
import { contributorsCsv, jamReportCsv, seriesMetricsCsv } from '../../metrics/csv.ts';
import { digestMarkdown } from '../../metrics/digest.ts';
import type { Services } from '../../services.ts';
import { asFile, originOf } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';

/** Jam reports, community metrics, digests, calendars and the CRM export (issue 8; formulas in docs/API.md). */
export function reportRoutes({ metrics }: Services): Implementation[] {
  return [
    implement(routes.jamReportJson, async ({ params, query }, { res }) => asFile(res, `${params.slug}-report.json`, query.download !== undefined, JSON.stringify(await metrics.jamReport(params.slug)))),
    implement(routes.jamReportCsv, async ({ params, query }, { res }) => asFile(res, `${params.slug}-report.csv`, query.download !== undefined, jamReportCsv(await metrics.jamReport(params.slug)))),
    implement(routes.contributorsCsv, async ({ user, params }, { res }) => asFile(res, `${params.slug}-contributors.csv`, true, contributorsCsv(await metrics.contributors(user, params.slug)))),
    implement(routes.digestJson, async ({ params, query }, { res }) => asFile(res, `${params.slug}-digest.json`, query.download !== undefined, JSON.stringify(await metrics.digest(params.slug)))),
    implement(routes.digestMarkdown, async ({ params, query }, { req, res }) => asFile(res, `${params.slug}-digest.md`, query.download !== undefined, digestMarkdown(await metrics.digest(params.slug), originOf(req)))),
    implement(routes.jamCalendar, async ({ params }, { req, res }) => asFile(res, `${params.slug}.ics`, true, await metrics.jamCalendar(params.slug, originOf(req)))),
    implement(routes.seriesMetricsJson, async ({ params, query }, { res }) => asFile(res, `${params.slug}-metrics.json`, query.download !== undefined, JSON.stringify(await metrics.seriesMetrics(params.slug)))),
    implement(routes.seriesMetricsCsv, async ({ params, query }, { res }) => asFile(res, `${params.slug}-metrics.csv`, query.download !== undefined, seriesMetricsCsv(await metrics.seriesMetrics(params.slug)))),
    // Inline, so calendar apps can subscribe to the URL (webcal:// or https://).
    implement(routes.seriesCalendar, async ({ params }, { req, res }) => asFile(res, `${params.slug}.ics`, false, await metrics.seriesCalendar(params.slug, originOf(req)))),
  ];
}
