import { z } from './zod.ts';
import { authorRoleSchema, instant, jamStatusSchema, messageSourceSchema } from './model.ts';

/** Shapes of the jam report, community metrics and digest (issue 8). Formulas: docs/API.md. */

const personFigures = {
  handle: z.string(),
  displayName: z.string(),
  role: authorRoleSchema,
  source: messageSourceSchema,
};
export const personFiguresSchema = z.object(personFigures).meta({ id: 'PersonFigures' });
export type PersonFigures = z.infer<typeof personFiguresSchema>;

export const contributorFiguresSchema = z
  .object({
    ...personFigures,
    messages: z.number().int().nonnegative(),
    answers: z.number().int().nonnegative().describe('Messages attached to a question.'),
    replies: z.number().int().nonnegative(),
    boostsReceived: z.number().int().nonnegative(),
    featured: z.number().int().nonnegative(),
    newFace: z.boolean().describe('First time posting in this series.'),
  })
  .meta({ id: 'ContributorFigures' });
export type ContributorFigures = z.infer<typeof contributorFiguresSchema>;

export const questionFiguresSchema = z
  .object({
    n: z.number().int().nonnegative(),
    text: z.string(),
    releasedAt: instant().nullable(),
    messages: z.number().int().nonnegative(),
    replies: z.number().int().nonnegative(),
    participants: z.number().int().nonnegative(),
    coverage: z.number().describe("Share (0–1) of the jam's non-host participants who posted on this question."),
    panelistsAnswered: z.array(z.string()).describe('Handles of panelists with at least one message on this question.'),
  })
  .meta({ id: 'QuestionFigures' });
export type QuestionFigures = z.infer<typeof questionFiguresSchema>;

export const viewerMinuteSchema = z.object({ minute: instant(), viewers: z.number().int().nonnegative(), lurkers: z.number().int().nonnegative() }).meta({ id: 'ViewerMinute' });
export type ViewerMinute = z.infer<typeof viewerMinuteSchema>;

export const jamRefSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    status: jamStatusSchema,
    startsAt: instant(),
    endsAt: instant(),
    durationMin: z.number().int().nonnegative(),
    timeZone: z.string(),
    series: z.object({ slug: z.string(), name: z.string(), hashtag: z.string(), timeZone: z.string() }),
  })
  .meta({ id: 'JamRef' });
export type JamRef = z.infer<typeof jamRefSchema>;

/** Participants acknowledged by the team (a reply, boost or feature) within 5 minutes of a post. */
export const acknowledgementFiguresSchema = z
  .object({
    participants: z.number().int().nonnegative(),
    acknowledgedWithin5Min: z.number().int().nonnegative(),
    share: z.number().describe('acknowledgedWithin5Min / participants (0 when nobody posted).'),
  })
  .meta({ id: 'AcknowledgementFigures' });
export type AcknowledgementFigures = z.infer<typeof acknowledgementFiguresSchema>;

/** Audience questions, polls and acknowledgement in a jam (issue 16). */
export const interactionFiguresSchema = z
  .object({
    audienceQuestions: z.object({ asked: z.number().int().nonnegative(), votes: z.number().int().nonnegative(), answered: z.number().int().nonnegative(), promoted: z.number().int().nonnegative(), voters: z.number().int().nonnegative() }),
    polls: z.array(z.object({ text: z.string(), question: z.number().int().nonnegative().nullable(), ballots: z.number().int().nonnegative(), options: z.array(z.object({ text: z.string(), votes: z.number().int().nonnegative() })) })),
    acknowledgement: acknowledgementFiguresSchema,
  })
  .meta({ id: 'InteractionFigures' });
export type InteractionFigures = z.infer<typeof interactionFiguresSchema>;

export const jamReportSchema = z
  .object({
    jam: jamRefSchema,
    generatedAt: instant(),
    totals: z.object({
      messages: z.number().int().nonnegative(),
      participants: z.number().int().nonnegative(),
      newFaces: z.number().int().nonnegative(),
      returning: z.number().int().nonnegative(),
      replies: z.number().int().nonnegative(),
      boosts: z.number().int().nonnegative(),
      featured: z.number().int().nonnegative(),
    }),
    viewers: z.object({
      unique: z.number().int().nonnegative(),
      uniqueLurkers: z.number().int().nonnegative(),
      peakConcurrent: z.number().int().nonnegative(),
      peakLurkers: z.number().int().nonnegative(),
      perMinute: z.array(viewerMinuteSchema),
    }),
    reach: z.object({ estimated: z.number().int().nonnegative(), uniqueViewers: z.number().int().nonnegative(), postersNotCountedAsViewers: z.number().int().nonnegative(), formula: z.string() }),
    questions: z.array(questionFiguresSchema),
    /** Panelist × question: messages by each panelist on each question (columns follow `questions`). */
    panelistGrid: z.object({
      questions: z.array(z.number().int().nonnegative()),
      rows: z.array(z.object({ handle: z.string(), displayName: z.string(), counts: z.array(z.number().int().nonnegative()), answered: z.number().int().nonnegative() })),
    }),
    timeline: z.array(z.object({ minute: z.number().int(), at: instant(), messages: z.number().int().nonnegative() })).describe('Messages per minute since the start (minute 0 = the first minute of the jam).'),
    topContributors: z.array(contributorFiguresSchema),
    newFaces: z.array(z.object({ handle: z.string(), displayName: z.string(), source: messageSourceSchema })),
    interaction: interactionFiguresSchema.optional().describe('Audience questions, polls and how quickly participants were acknowledged (issue 16).'),
  })
  .meta({ id: 'JamReport' });
export type JamReport = z.infer<typeof jamReportSchema>;

export const jamMetricsSchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    startsAt: instant(),
    messages: z.number().int().nonnegative(),
    participants: z.number().int().nonnegative(),
    newParticipants: z.number().int().nonnegative(),
    returningParticipants: z.number().int().nonnegative(),
    uniqueViewers: z.number().int().nonnegative(),
    retainedNext: z.number().int().nonnegative().nullable().describe('Participants of this jam who also posted in the next one; null for the latest jam.'),
    retentionNext: z.number().nullable().describe('retainedNext / participants; null when there is no next jam or nobody posted.'),
  })
  .meta({ id: 'JamMetrics' });
export type JamMetrics = z.infer<typeof jamMetricsSchema>;

export const monthMetricsSchema = z
  .object({
    month: z.string().describe('"2026-03", in the series\' time zone.'),
    jams: z.number().int().nonnegative(),
    messages: z.number().int().nonnegative(),
    activeParticipants: z.number().int().nonnegative(),
    newParticipants: z.number().int().nonnegative(),
    returningParticipants: z.number().int().nonnegative(),
    uniqueViewers: z.number().int().nonnegative(),
    retention: z.number().nullable().describe("Share of the previous active month's participants who posted again this month."),
  })
  .meta({ id: 'MonthMetrics' });
export type MonthMetrics = z.infer<typeof monthMetricsSchema>;

export const superUserSchema = z
  .object({
    handle: z.string(),
    displayName: z.string(),
    source: messageSourceSchema,
    jams: z.number().int().nonnegative(),
    messages: z.number().int().nonnegative(),
    firstJam: instant(),
    lastJam: instant(),
    consistency: z.number().describe('jams / jams held since (and including) their first.'),
  })
  .meta({ id: 'SuperUser' });
export type SuperUser = z.infer<typeof superUserSchema>;

export const seriesMetricsSchema = z
  .object({
    series: z.object({ slug: z.string(), name: z.string(), hashtag: z.string(), timeZone: z.string() }),
    generatedAt: instant(),
    totals: z.object({ jams: z.number().int().nonnegative(), messages: z.number().int().nonnegative(), participants: z.number().int().nonnegative(), uniqueViewers: z.number().int().nonnegative() }),
    jams: z.array(jamMetricsSchema),
    months: z.array(monthMetricsSchema),
    superUsers: z.array(superUserSchema),
  })
  .meta({ id: 'SeriesMetrics' });
export type SeriesMetrics = z.infer<typeof seriesMetricsSchema>;

export const digestItemSchema = z
  .object({
    id: z.string(),
    author: z.object({ handle: z.string(), displayName: z.string(), role: authorRoleSchema }),
    text: z.string(),
    boosts: z.number().int().nonnegative(),
    featured: z.boolean(),
    permalink: z.string(),
  })
  .meta({ id: 'DigestItem' });
export type DigestItem = z.infer<typeof digestItemSchema>;

export const digestThreadSchema = z.object({ root: digestItemSchema, replies: z.number().int().nonnegative(), participants: z.number().int().nonnegative() }).meta({ id: 'DigestThread' });
export type DigestThread = z.infer<typeof digestThreadSchema>;

export const digestQuestionSchema = z
  .object({
    n: z.number().int().nonnegative(),
    text: z.string(),
    messages: z.number().int().nonnegative(),
    pickedBy: z.enum(['featured', 'boosts', 'none']).describe('How the highlights were chosen: host-featured answers, else the most boosted, else none.'),
    highlights: z.array(digestItemSchema),
    threads: z.array(digestThreadSchema),
  })
  .meta({ id: 'DigestQuestion' });
export type DigestQuestion = z.infer<typeof digestQuestionSchema>;

export const digestSchema = z
  .object({
    jam: jamRefSchema,
    stats: z.object({ messages: z.number().int().nonnegative(), participants: z.number().int().nonnegative(), questions: z.number().int().nonnegative() }),
    questions: z.array(digestQuestionSchema),
    words: z.number().int().nonnegative(),
    readingMinutes: z.number().int().nonnegative(),
  })
  .meta({ id: 'Digest' });
export type Digest = z.infer<typeof digestSchema>;
