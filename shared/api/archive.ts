import { z } from '../zod.ts';
import { transcriptRowsQuerySchema, transcriptRowsSchema, transcriptSchema } from '../archive.ts';
import { searchHitSchema } from '../archive.ts';
import { searchQuerySchema } from '../archive.ts';
import { defineRoute, type ContentSpec } from './define.ts';
import { downloadQuery, slugParams } from './params.ts';

const tag = 'Archive';
const cached = 'Sends an ETag; a request with a matching If-None-Match answers 304. Moderation can still change an ended jam, so caches revalidate.';
/** One format of a jam's transcript: each its own route, so each has one media type. */
const transcript = <const F extends string, const C extends ContentSpec>(format: F, content: C, summary: string) =>
  defineRoute({
    method: 'get',
    path: `/api/jams/:slug/transcript.${format}`,
    summary,
    description: cached,
    tag,
    auth: 'public',
    params: slugParams,
    query: downloadQuery,
    status: 200,
    also: [304],
    content,
    errors: ['not_found'],
    rateLimit: 'expensiveReads',
  });

export const archiveRoutes = {
  transcriptJson: transcript('json', { type: 'application/json', schema: transcriptSchema }, 'The transcript as JSON: messages threaded under the questions they answer'),
  transcriptMarkdown: transcript('md', { type: 'text/markdown' }, 'The transcript as Markdown'),
  transcriptHtml: transcript('html', { type: 'text/html' }, 'The transcript as a self-contained HTML page (no script, nothing loaded)'),
  transcriptCsv: transcript('csv', { type: 'text/csv' }, 'The transcript as CSV, one message per row'),
  transcriptRows: defineRoute({
    method: 'get',
    path: '/api/jams/:slug/transcript/rows',
    summary: "The transcript a page of rows at a time, in reading order, with the outline: the archive page's reader",
    description: 'Rows are the question headings and the messages (with their reply depth) as the JSON transcript nests them, flattened. An ended jam\'s rows are kept in memory after the first request, so paging costs no store read.',
    tag,
    auth: 'public',
    params: slugParams,
    query: transcriptRowsQuerySchema,
    status: 200,
    response: transcriptRowsSchema,
    errors: ['not_found'],
    rateLimit: 'expensiveReads',
  }),
  search: defineRoute({
    method: 'get',
    path: '/api/search',
    summary: 'Search every archived message (newest first, or by relevance), a page at a time',
    description: 'Words are matched whole, the last one as a prefix. Pass `nextCursor` back as `cursor` for the next page; null when there is none.',
    tag,
    auth: 'public',
    query: searchQuerySchema,
    status: 200,
    response: z.object({ query: z.string(), sort: z.enum(['newest', 'relevance']), hits: z.array(searchHitSchema), nextCursor: z.string().nullable() }),
    errors: ['not_found'],
    rateLimit: 'expensiveReads',
  }),
};
