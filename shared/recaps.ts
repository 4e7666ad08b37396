import { z } from './zod.ts';
import { instant, messageViewSchema, personRefSchema } from './model.ts';
import { messageIdSchema, trimmed, visibleText } from './fields.ts';

/** Recap stories: what a host writes after a jam, and what readers see at its permalink. */

/** Where a jam's recap lives (one recap per jam, newest published version). */
export const recapPath = (jamSlug: string) => `/jams/${jamSlug}/recap`;
/** The host's editor for it. */
export const recapEditorPath = (jamSlug: string) => `/host/jams/${jamSlug}/recap`;

/** Recap text refuses control characters and invisible-only text like every other text field. */
const shortText = (max: number) => visibleText(max);

export const recapBlockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quote'), messageId: messageIdSchema }),
  z.object({ kind: z.literal('heading'), text: shortText(120) }),
  z.object({ kind: z.literal('note'), text: shortText(1000) }),
]);
export type RecapBlock = z.infer<typeof recapBlockSchema>;

/** A recap's content as the host edits it. */
export const recapContentSchema = z.object({
  cover: trimmed(200),
  blocks: z.array(recapBlockSchema).max(300),
});
export type RecapContent = z.infer<typeof recapContentSchema>;

/** PUT …/recap/draft: the content plus the version it was edited from (a stale version is a conflict). */
export const saveRecapDraftSchema = recapContentSchema.extend({ version: z.number().int().min(1) });
export type SaveRecapDraftInput = z.infer<typeof saveRecapDraftSchema>;

export const publishRecapSchema = z.object({ version: z.number().int().min(1) });

export const recapSearchSchema = z.object({ q: trimmed(200).min(1), limit: z.coerce.number().int().min(1).max(50).default(10) });

/** The host's working copy (GET/PUT …/recap/draft). */
export const recapDraftViewSchema = z
  .object({
    jamSlug: z.string(),
    content: recapContentSchema,
    version: z.number().int().nonnegative().describe('Bumped by every save; send it back with the next save.'),
    updatedAt: instant().nullable(),
    published: z.object({ version: z.number().int().nonnegative(), publishedAt: instant() }).nullable(),
    hiddenSincePublish: z.array(z.object({ id: z.string(), author: z.string(), text: z.string() })).describe('Quoted messages hidden by moderation since publication: they no longer show in the recap.'),
  })
  .meta({ id: 'RecapDraftView' });
export type RecapDraftView = z.infer<typeof recapDraftViewSchema>;

const questionRef = z.object({ n: z.number().int().nonnegative(), text: z.string() });
export const recapBlockViewSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('quote'), message: messageViewSchema, question: questionRef.nullable() }),
    z.object({ kind: z.literal('heading'), text: z.string() }),
    z.object({ kind: z.literal('note'), text: z.string() }),
  ])
  .meta({ id: 'RecapBlockView' });
export type RecapBlockView = z.infer<typeof recapBlockViewSchema>;

/** A published recap as readers see it, rendered from the messages' state at read time. */
export const recapViewSchema = z
  .object({
    jam: z.object({
      slug: z.string(),
      title: z.string(),
      startsAt: instant(),
      timeZone: z.string(),
      permalink: z.string(),
      series: z.object({ slug: z.string(), name: z.string(), hashtag: z.string(), timeZone: z.string() }),
      panelists: z.array(personRefSchema),
      hosts: z.array(personRefSchema),
    }),
    cover: z.string(),
    version: z.number().int().nonnegative(),
    publishedAt: instant(),
    blocks: z.array(recapBlockViewSchema),
    permalink: z.string(),
  })
  .meta({ id: 'RecapView' });
export type RecapView = z.infer<typeof recapViewSchema>;

/** A line in lists of recaps (series page, search). */
export const recapSummarySchema = z
  .object({
    jamSlug: z.string(),
    title: z.string(),
    cover: z.string(),
    hashtag: z.string(),
    startsAt: instant(),
    publishedAt: instant(),
    permalink: z.string(),
  })
  .meta({ id: 'RecapSummary' });
export type RecapSummary = z.infer<typeof recapSummarySchema>;
