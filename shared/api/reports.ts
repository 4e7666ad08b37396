import { digestSchema, jamReportSchema, seriesMetricsSchema } from '../reports.ts';
import { defineRoute, type ContentSpec } from './define.ts';
import { downloadQuery, slugParams } from './params.ts';

const tag = 'Reports';

/** A computed document (report, digest, metrics, calendar) of one jam or series. */
const document = <const P extends string, const C extends ContentSpec>(path: P, summary: string, content: C, limited = true) =>
  defineRoute({
    method: 'get',
    path,
    summary,
    tag,
    auth: 'public',
    params: slugParams,
    query: downloadQuery,
    status: 200,
    content,
    errors: ['not_found'],
    ...(limited ? { rateLimit: 'expensiveReads' as const } : {}),
  });

export const reportRoutes = {
  jamReportJson: document('/api/jams/:slug/report.json', "A jam's report: totals, viewers, reach, questions, panelists, timeline, contributors", { type: 'application/json', schema: jamReportSchema }),
  jamReportCsv: document('/api/jams/:slug/report.csv', "A jam's report as CSV", { type: 'text/csv' }),
  contributorsCsv: defineRoute({
    method: 'get',
    path: '/api/jams/:slug/contributors.csv',
    summary: 'Every contributor of a jam, for a CRM (always an attachment)',
    tag,
    auth: 'user',
    permission: 'jam:host',
    params: slugParams,
    status: 200,
    content: { type: 'text/csv' },
    errors: ['not_found'],
    rateLimit: 'expensiveReads',
  }),
  digestJson: document('/api/jams/:slug/digest.json', "A jam's digest: each question's highlights and threads", { type: 'application/json', schema: digestSchema }),
  digestMarkdown: document('/api/jams/:slug/digest.md', "A jam's digest as Markdown", { type: 'text/markdown' }),
  jamCalendar: document('/api/jams/:slug/calendar.ics', 'A jam as an iCalendar event (an attachment)', { type: 'text/calendar' }, false),
  seriesMetricsJson: document('/api/series/:slug/metrics.json', 'Community metrics of a series: per jam, per month, super users', { type: 'application/json', schema: seriesMetricsSchema }),
  seriesMetricsCsv: document('/api/series/:slug/metrics.csv', 'Community metrics of a series as CSV', { type: 'text/csv' }),
  seriesCalendar: document('/api/series/:slug/calendar.ics', "A series' jams as a subscribable iCalendar feed (inline)", { type: 'text/calendar' }, false),
};
