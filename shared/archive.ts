import { z } from './zod.ts';
import { audienceQuestionViewSchema, pollViewSchema } from './interaction.ts';
import { slugSchema, trimmed } from './fields.ts';
import { instant, jamViewSchema, messageViewSchema } from './model.ts';

/** The archive's transcript: a jam's messages threaded under the questions they answer. */

export interface TranscriptThread {
  message: z.infer<typeof messageViewSchema>;
  replies: TranscriptThread[];
}
export const transcriptThreadSchema: z.ZodType<TranscriptThread> = z
  .object({
    message: messageViewSchema,
    get replies() {
      return z.array(transcriptThreadSchema);
    },
  })
  .meta({ id: 'TranscriptThread' });

export const transcriptSectionSchema = z
  .object({
    question: z
      .object({ n: z.number().int().nonnegative(), text: z.string(), releasedAt: instant().nullable(), asked: z.boolean().describe('False for a question the jam ended before releasing ("not asked" in every export).') })
      .nullable()
      .describe('null collects what was posted before Q1 or belongs to no question.'),
    threads: z.array(transcriptThreadSchema),
  })
  .meta({ id: 'TranscriptSection' });
export type TranscriptSection = z.infer<typeof transcriptSectionSchema>;

export const transcriptSchema = z
  .object({
    jam: jamViewSchema,
    sections: z.array(transcriptSectionSchema),
    messageCount: z.number().int().nonnegative(),
    exportedAt: instant(),
    audienceQuestions: z.array(audienceQuestionViewSchema).optional().describe('Questions the audience asked the panel (visible ones), most votes first, with their answers.'),
    polls: z.array(pollViewSchema).optional().describe("The jam's polls; counts are final (and shown) once the jam has ended or the host revealed them."),
  })
  .meta({ id: 'Transcript' });
export type Transcript = z.infer<typeof transcriptSchema>;

/* The transcript a page at a time (GET /api/jams/:slug/transcript/rows), for the archive page. */

/** One row of the transcript in reading order: a question's heading, or a message at its reply depth. */
export const transcriptRowSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('question'), n: z.number().int().nonnegative().describe('The section: its question number, 0 before Q1') }),
    z.object({ kind: z.literal('message'), n: z.number().int().nonnegative(), depth: z.number().int().nonnegative(), message: messageViewSchema }),
  ])
  .meta({ id: 'TranscriptRow' });
export type TranscriptRow = z.infer<typeof transcriptRowSchema>;

export const transcriptRowsQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).default(0).describe('The first row to return'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  message: z.string().min(1).max(64).optional().describe('Instead of offset: the page holding this message (a permalink); `messageRow` says where it is'),
});

export const transcriptRowsSchema = z
  .object({
    jam: jamViewSchema,
    sections: z
      .array(transcriptSectionSchema.omit({ threads: true }).extend({ row: z.number().int().nonnegative().describe("Index of the section's heading row"), messages: z.number().int().nonnegative() }))
      .describe('Every section, without its messages: the outline, and where each starts'),
    messageCount: z.number().int().nonnegative(),
    rowCount: z.number().int().nonnegative().describe('Rows in the whole transcript (headings and messages)'),
    offset: z.number().int().nonnegative(),
    rows: z.array(transcriptRowSchema),
    messageRow: z.number().int().nonnegative().nullable().describe('With `message`: its row, or null when it is not in the transcript (hidden, or another jam)'),
  })
  .meta({ id: 'TranscriptRows' });
export type TranscriptRows = z.infer<typeof transcriptRowsSchema>;

/* Search (GET /api/search). */

/** A day (`2026-01-31`, UTC) or an instant with its offset; `end` turns a day into the next midnight (to include it). */
const searchInstant = (end: boolean) =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'a date (2026-01-31) or an ISO instant (2026-01-31T18:00:00Z)' }).transform((value) => {
    const at = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (end && value.length === 10) at.setUTCDate(at.getUTCDate() + 1);
    return at.toISOString();
  });

export const searchQuerySchema = z
  .object({
    q: trimmed(200).min(1, 'a search needs some words'),
    jam: slugSchema.optional(),
    series: slugSchema.optional(),
    /** A handle, with or without its @ (a member's, or a bridged author's such as alice@mastodon.social). */
    author: trimmed(200)
      .transform((h) => h.replace(/^@/, ''))
      .pipe(z.string().min(1, 'an author handle'))
      .optional(),
    from: searchInstant(false).optional(),
    to: searchInstant(true).optional(),
    sort: z.enum(['newest', 'relevance']).default('newest'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, 'the nextCursor of a previous page').optional(),
  })
  .refine((s) => s.from === undefined || s.to === undefined || s.from < s.to, { message: '"from" must come before "to"', path: ['to'] });

export const searchHitSchema = z
  .object({
    message: messageViewSchema,
    jam: z.object({ slug: z.string(), title: z.string(), startsAt: instant(), hashtag: z.string() }),
    question: z.object({ n: z.number().int().nonnegative(), text: z.string() }).nullable(),
    permalink: z.string(),
    snippet: z.string(),
  })
  .meta({ id: 'SearchHit' });
export type SearchHit = z.infer<typeof searchHitSchema>;

