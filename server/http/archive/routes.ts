import { setImmediate } from 'node:timers/promises';
import type { Response } from 'express';
import { archiveRoutes as routes } from '../../../shared/api/archive.ts';
import type { Transcript } from '../../../shared/archive.ts';
import { batched, jsonChunks } from '../../archive/chunks.ts';
import { transcriptCsvChunks } from '../../archive/csv.ts';
import { transcriptHtmlChunks } from '../../archive/html.ts';
import { transcriptMarkdownChunks } from '../../archive/markdown.ts';
import type { Archive } from '../../archive/archive.ts';
import { EXPORT_CSP, originOf } from '../edge.ts';
import { implement, type Implementation, type RouteContext } from '../routing.ts';

/**
 * Sends pieces in slices (at most 64 KB, at most a few ms of rendering each) as they are
 * rendered: waits for the socket to drain when the reader is slower (memory stays a slice or two),
 * and lets other requests run between slices, so a 20,000-message export never holds up the event
 * loop. A reader who leaves stops the work.
 */
async function stream(res: Response, pieces: Iterable<string>, keep?: (body: Buffer) => void): Promise<void> {
  const sent: Buffer[] = [];
  for (const slice of batched(pieces)) {
    if (res.destroyed) return;
    const buffer = Buffer.from(slice);
    if (keep) sent.push(buffer);
    if (!res.write(buffer)) await drained(res);
    // Always a turn of the event loop: a write the kernel took at once emits 'drain' on the next
    // tick, so waiting for it alone chained every slice into one block of seconds.
    await setImmediate();
  }
  res.end();
  keep?.(Buffer.concat(sent));
}

function drained(res: Response): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.once('drain', done).once('close', done);
  });
}

/** True when If-None-Match names this (strong) ETag, weakly compared as RFC 9110 asks for GETs. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Transcripts in four formats, and search across every archive. */
export function archiveRoutes(archive: Archive): Implementation[] {
  /** One format of a transcript, rendered once per version, served with its ETag and streamed in slices. */
  const transcript =
    (format: 'json' | 'md' | 'html' | 'csv', type: string, render: (transcript: Transcript, origin: string) => Iterable<string>) =>
    async ({ params, query }: { params: { slug: string }; query: { download?: string } }, { req, res, answered }: RouteContext) => {
      const origin = originOf(req);
      const rendering = await archive.rendering(params.slug, `${format} ${origin}`, (t) => render(t, origin));
      if (format === 'html') res.set('Content-Security-Policy', EXPORT_CSP);
      res.set('Content-Type', `${type}; charset=utf-8`);
      res.set('Content-Disposition', `${query.download !== undefined ? 'attachment' : 'inline'}; filename="${params.slug}.${format}"`);
      // Caches may keep it but must ask again each time: moderation can still change an ended jam's transcript.
      res.set('Cache-Control', rendering.ended ? 'public, no-cache' : 'no-cache');
      res.set('ETag', rendering.etag);
      // Not req.fresh: that answers 200 to any request saying Cache-Control: no-cache (fetch() adds it
      // to every conditional request), but we are the origin, so a matching validator is the answer.
      if (matchesEtag(req.get('if-none-match'), rendering.etag)) res.status(304).end();
      else if (rendering.body) res.end(rendering.body);
      else {
        try {
          await stream(res, rendering.chunks!, rendering.keep);
        } catch (error) {
          // Past the headers there is no error body to send: the reader sees the download cut short.
          if (!res.headersSent) throw error;
          res.destroy(error as Error);
        }
      }
      return answered();
    };

  return [
    implement(routes.transcriptJson, transcript('json', 'application/json', (t) => jsonChunks(t))),
    implement(routes.transcriptMarkdown, transcript('md', 'text/markdown', transcriptMarkdownChunks)),
    implement(routes.transcriptHtml, transcript('html', 'text/html', transcriptHtmlChunks)),
    implement(routes.transcriptCsv, transcript('csv', 'text/csv', transcriptCsvChunks)),
    implement(routes.transcriptRows, async ({ params, query }) => archive.transcriptRows(params.slug, query)),
    implement(routes.search, async ({ query }) => {
      const page = await archive.search(query.q, { jamSlug: query.jam, seriesSlug: query.series, author: query.author, from: query.from, to: query.to, sort: query.sort, limit: query.limit, cursor: query.cursor });
      return { query: query.q, sort: query.sort, ...page };
    }),
  ];
}
