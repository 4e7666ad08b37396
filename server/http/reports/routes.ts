import { Router, type Response } from 'express';
import { notFound } from '../../errors.ts';
import { contributorsCsv, jamReportCsv, seriesMetricsCsv } from '../../metrics/csv.ts';
import { digestMarkdown } from '../../metrics/digest.ts';
import type { Services } from '../../services.ts';
import { originOf, requireUser, route, slugOf } from '../edge.ts';

const TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
} as const;

function send(res: Response, format: keyof typeof TYPES, filename: string, body: string, download = false): void {
  res.set('Content-Type', TYPES[format]);
  res.set('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${filename}"`);
  res.send(body);
}

function formatOf<F extends keyof typeof TYPES>(value: unknown, allowed: readonly F[]): F {
  if (!allowed.includes(value as F)) throw notFound(`format "${value}"; use ${allowed.join(' or ')}`);
  return value as F;
}

/** Jam reports, community metrics, digests, calendars and the CRM export (issue 8; formulas in docs/API.md). */
export function reportRoutes({ metrics }: Services): Router {
  const router = Router();

  router.get(
    '/jams/:slug/report.:format',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      const format = formatOf(req.params.format, ['json', 'csv'] as const);
      const report = await metrics.jamReport(slug);
      send(res, format, `${slug}-report.${format}`, format === 'json' ? JSON.stringify(report) : jamReportCsv(report), req.query.download !== undefined);
    }),
  );

  router.get(
    '/jams/:slug/contributors.csv',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      send(res, 'csv', `${slug}-contributors.csv`, contributorsCsv(await metrics.contributors(requireUser(res), slug)), true);
    }),
  );

  router.get(
    '/jams/:slug/digest.:format',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      const format = formatOf(req.params.format, ['json', 'md'] as const);
      const digest = await metrics.digest(slug);
      send(res, format, `${slug}-digest.${format}`, format === 'json' ? JSON.stringify(digest) : digestMarkdown(digest, originOf(req)));
    }),
  );

  router.get(
    '/jams/:slug/calendar.ics',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      send(res, 'ics', `${slug}.ics`, await metrics.jamCalendar(slug, originOf(req)), true);
    }),
  );

  router.get(
    '/series/:slug/metrics.:format',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      const format = formatOf(req.params.format, ['json', 'csv'] as const);
      const figures = await metrics.seriesMetrics(slug);
      send(res, format, `${slug}-metrics.${format}`, format === 'json' ? JSON.stringify(figures) : seriesMetricsCsv(figures), req.query.download !== undefined);
    }),
  );

  router.get(
    '/series/:slug/calendar.ics',
    route(async (req, res) => {
      const slug = slugOf(req.params);
      // Inline, so calendar apps can subscribe to the URL (webcal:// or https://).
      send(res, 'ics', `${slug}.ics`, await metrics.seriesCalendar(slug, originOf(req)));
    }),
  );

  return router;
}
