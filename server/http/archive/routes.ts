import { Router } from 'express';
import { AppError } from '../../errors.ts';
import { searchQuerySchema, slugSchema } from '../../../shared/schemas.ts';
import { transcriptCsv } from '../../archive/csv.ts';
import { transcriptHtml } from '../../archive/html.ts';
import { transcriptMarkdown } from '../../archive/markdown.ts';
import type { Archive } from '../../archive/archive.ts';
import { parse, originOf, route } from '../edge.ts';

const FORMATS = {
  json: { type: 'application/json; charset=utf-8', render: (t: unknown) => JSON.stringify(t, null, 2) },
  md: { type: 'text/markdown; charset=utf-8', render: transcriptMarkdown },
  html: { type: 'text/html; charset=utf-8', render: transcriptHtml },
  csv: { type: 'text/csv; charset=utf-8', render: transcriptCsv },
} as const;

/** Transcripts in four formats, and search across every archive. */
export function archiveRoutes(archive: Archive): Router {
  const router = Router();

  router.get(
    '/jams/:slug/transcript.:format',
    route(async (req, res) => {
      const slug = parse(slugSchema, req.params.slug, 'slug');
      const format = req.params.format as keyof typeof FORMATS;
      if (!(format in FORMATS)) throw new AppError('not_found', `no transcript format "${format}"; use json, md, html or csv`, 'format');
      const transcript = await archive.transcript(slug);
      const origin = originOf(req);
      const { type, render } = FORMATS[format];
      if (format === 'html') res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      const download = req.query.download !== undefined;
      res.set('Content-Type', type);
      res.set('Content-Disposition', `${download ? 'attachment' : 'inline'}; filename="${slug}.${format}"`);
      res.send(render(transcript as never, origin));
    }),
  );

  router.get(
    '/search',
    route(async (req, res) => {
      const query = parse(searchQuerySchema, req.query);
      res.json({ query: query.q, hits: await archive.search(query.q, { jamSlug: query.jam, limit: query.limit }) });
    }),
  );

  return router;
}
