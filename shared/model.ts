import { z } from './zod.ts';
import { clientIdSchema, handleSchema, hashtagSchema, messageIdSchema, plainText, slugSchema, timeZoneSchema, trimmed, visibleText } from './fields.ts';
import { hasVisibleText } from './unicode.ts';

/**
 * The core feature (series, jams, the show, messages): its inputs and the views that cross the wire,
 * as zod schemas (the HTTP route map, the socket event map and the
 * generated OpenAPI/AsyncAPI documents read them); each type is `z.infer` of its schema. The
 * server's presenters produce exactly these.
 */

export const JamStatus = { scheduled: 'scheduled', live: 'live', ended: 'ended' } as const;
export type JamStatus = (typeof JamStatus)[keyof typeof JamStatus];
export const jamStatusSchema = z.enum(['scheduled', 'live', 'ended']).meta({ id: 'JamStatus' });

export const AuthorRole = { host: 'host', panelist: 'panelist', participant: 'participant' } as const;
export type AuthorRole = (typeof AuthorRole)[keyof typeof AuthorRole];
export const authorRoleSchema = z.enum(['host', 'panelist', 'participant']).meta({ id: 'AuthorRole' });

export const MessageSource = { native: 'native', x: 'x', bluesky: 'bluesky', mastodon: 'mastodon' } as const;
export type MessageSource = (typeof MessageSource)[keyof typeof MessageSource];
export const messageSourceSchema = z.enum(['native', 'x', 'bluesky', 'mastodon']).meta({ id: 'MessageSource' });

/** An instant as ISO-8601 UTC text, as every view writes times. */
export const instant = () => z.string().meta({ format: 'date-time' });

export const personRefSchema = z.object({ handle: z.string(), displayName: z.string() }).meta({ id: 'PersonRef' });
export type PersonRef = z.infer<typeof personRefSchema>;

export const seriesViewSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    hashtag: z.string(),
    description: z.string(),
    rules: z.string(),
    timeZone: z.string(),
    defaultDurationMin: z.number().int().nonnegative(),
    owner: personRefSchema,
    hosts: z.array(personRefSchema),
    createdAt: instant(),
  })
  .meta({ id: 'SeriesView' });
export type SeriesView = z.infer<typeof seriesViewSchema>;

export const questionViewSchema = z
  .object({
    n: z.number().int().nonnegative(),
    text: z.string(),
    offsetMin: z.number().int().nonnegative().describe('Minutes after the start at which it is planned.'),
    releaseAt: instant().nullable().describe("When it was released or is planned (the show's `plannedAt`); null when it will not be asked."),
    released: z.boolean(),
    audienceQuestionId: z.string().optional().describe('Set when the host promoted an audience question into the run of show.'),
    askedBy: personRefSchema.optional().describe('Who asked it, credited on the banner and in the archive (promoted audience questions).'),
  })
  .meta({ id: 'QuestionView' });
export type QuestionView = z.infer<typeof questionViewSchema>;

/** The run of show at one instant, derived from the plan and the host's recorded actions. */
export const showStateSchema = z
  .object({
    status: jamStatusSchema,
    startsAt: instant(),
    endsAt: instant(),
    startedAt: instant().nullable(),
    endedAt: instant().nullable(),
    currentQuestion: z.number().int().nonnegative().nullable().describe('The latest released question, or null before Q1.'),
    nextQuestion: z.number().int().nonnegative().nullable(),
    nextQuestionAt: instant().nullable(),
    extendedMin: z.number().int().nonnegative(),
    releasedAt: z.array(instant().nullable()).describe('Release instants by question number (index 0 = Q1); null while unreleased.'),
    plannedAt: z.array(instant().nullable()).describe('When each question was released or, while unreleased, when the current plan (with every extension) brings it; null for a question the jam ends (or ended) before. Timelines, banners and archives read times from here, never from their own arithmetic.'),
    at: instant().describe('Server time the state was computed at, so clients can correct their clock for countdowns.'),
  })
  .meta({ id: 'ShowState' });
export type ShowState = z.infer<typeof showStateSchema>;

export const jamSummarySchema = z
  .object({
    slug: z.string(),
    title: z.string(),
    status: jamStatusSchema,
    startsAt: instant(),
    durationMin: z.number().int().nonnegative(),
    series: z.object({ slug: z.string(), name: z.string(), hashtag: z.string(), timeZone: z.string() }).describe('The series, with the zone it announces its times in.'),
    currentQuestion: z.number().int().nonnegative().nullable(),
    questionCount: z.number().int().nonnegative(),
    messageCount: z.number().int().nonnegative(),
    viewers: z.number().int().nonnegative(),
  })
  .meta({ id: 'JamSummary' });
export type JamSummary = z.infer<typeof jamSummarySchema>;

export const jamViewSchema = jamSummarySchema
  .omit({ currentQuestion: true })
  .extend({
    description: z.string(),
    timeZone: z.string(),
    rules: z.string(),
    questions: z.array(questionViewSchema),
    panelists: z.array(personRefSchema),
    hosts: z.array(personRefSchema),
    show: showStateSchema,
    permalink: z.string(),
    slowModeSec: z.number().int().nonnegative().optional().describe('Slow mode: seconds a participant waits between posts; 0 is off.'),
    premoderation: z.boolean().optional().describe("First-time posters' messages wait for a host's approval."),
    questionsPublic: z.boolean().describe("Whether the audience may read the questions before they are released. When false, `questions` holds only the released ones unless the reader is on the jam's team (hosts, panelists)."),
  })
  .meta({ id: 'JamView' });
export type JamView = z.infer<typeof jamViewSchema>;

export const messageAuthorSchema = z.object({ handle: z.string(), displayName: z.string(), role: authorRoleSchema }).meta({ id: 'MessageAuthor' });
export type MessageAuthor = z.infer<typeof messageAuthorSchema>;

export const messageViewSchema = z
  .object({
    id: z.string(),
    seq: z.number().int().nonnegative().describe("Position in the jam's stream: gap-free for a viewer who sees everything, used to resume."),
    jamSlug: z.string(),
    clientId: z.string(),
    author: messageAuthorSchema,
    text: z.string(),
    createdAt: instant(),
    question: z.number().int().nonnegative().nullable(),
    replyTo: z.string().nullable(),
    source: messageSourceSchema,
    externalUrl: z.string().nullable().describe('Link to the original on its network (X, Bluesky, Mastodon), for bridged posts.'),
    featured: z.boolean(),
    hidden: z.boolean(),
    held: z.boolean().optional().describe("Awaiting a host's approval (pre-moderation): seen only by hosts and its author."),
    boosts: z.number().int().nonnegative(),
    permalink: z.string(),
  })
  .meta({ id: 'MessageView' });
export type MessageView = z.infer<typeof messageViewSchema>;

/** The newest visible messages of a jam and where the stream stands, so a page paints at once. */
export const streamPageSchema = z
  .object({
    messages: z.array(messageViewSchema).describe('In seq order, oldest first.'),
    hasEarlier: z.boolean().describe('True when older messages exist before the first one.'),
    lastSeq: z.number().int().nonnegative().describe('The highest seq in the jam (hidden messages included), to resume a socket join from.'),
  })
  .meta({ id: 'StreamPage' });
export type StreamPage = z.infer<typeof streamPageSchema>;

/** The transcript shapes live with the archive (they include audience questions and polls). */
export type { Transcript, TranscriptSection, TranscriptThread } from './archive.ts';

/** How each network is named to people: badges, archive lines, exports. */
export const SOURCE_LABEL: Record<MessageSource, string> = { native: 'TweetJam', x: 'X', bluesky: 'Bluesky', mastodon: 'Mastodon' };

/* Inputs of series, jams, the show and messages (HTTP bodies, queries, socket payloads). */

export const createSeriesSchema = z.object({
  name: visibleText(100),
  slug: slugSchema.optional(),
  hashtag: hashtagSchema,
  description: trimmed(2000).default(''),
  rules: trimmed(4000).default(''),
  timeZone: timeZoneSchema.default('UTC'),
  defaultDurationMin: z.number().int().min(10).max(480).default(60),
});
export const updateSeriesSchema = createSeriesSchema.omit({ slug: true, hashtag: true }).partial();

export const questionInputSchema = z.object({
  text: visibleText(280),
  offsetMin: z.number().int().min(0).max(480),
});

/** A start instant with an offset ("2026-03-08T06:30:00Z"), or a wall-clock time read in the series' zone. */
const startSchema = z.union([
  z.object({ startsAt: z.iso.datetime({ offset: true }) }),
  z.object({ startsAtLocal: z.iso.datetime({ local: true }) }),
]);

const jamFields = z.object({
  title: visibleText(140),
  slug: slugSchema.optional(),
  description: trimmed(4000).default(''),
  durationMin: z.number().int().min(10).max(480).optional(),
  questions: z.array(questionInputSchema).max(30).default([]),
  panelists: z.array(handleSchema).max(50).default([]),
  /** false: only hosts and panelists read the questions before each is released. Absent: true. */
  questionsPublic: z.boolean().optional(),
});

export const createJamSchema = z.intersection(jamFields, startSchema).superRefine((jam, ctx) => {
  const offsets = jam.questions.map((q) => q.offsetMin);
  offsets.forEach((offset, i) => {
    if (i > 0 && offset <= offsets[i - 1]!) ctx.addIssue({ code: 'custom', path: ['questions', i, 'offsetMin'], message: 'offsets must increase from one question to the next' });
  });
  const duration = jam.durationMin ?? 480;
  if (offsets.some((o) => o >= duration)) {
    ctx.addIssue({ code: 'custom', path: ['questions'], message: 'every question must be planned before the jam ends' });
  }
});

export const updateJamSchema = z.object({
  title: visibleText(140).optional(),
  description: trimmed(4000).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  startsAtLocal: z.iso.datetime({ local: true }).optional(),
  durationMin: z.number().int().min(10).max(480).optional(),
  questions: z.array(questionInputSchema).max(30).optional(),
  panelists: z.array(handleSchema).max(50).optional(),
  questionsPublic: z.boolean().optional(),
});

export const ShowAction = { start: 'start', release_next: 'release_next', extend: 'extend', end: 'end' } as const;
export type ShowAction = (typeof ShowAction)[keyof typeof ShowAction];
export const showControlSchema = z.object({
  action: z.enum(['start', 'release_next', 'extend', 'end']),
  /** Minutes to extend by (only for extend). */
  minutes: z.number().int().min(1).max(120).optional(),
});

/**
 * How a host's post is filed: `answer` (the default, and the only mode for everyone else) joins
 * the question it names or the current one; `announcement` joins no question at all; `question`
 * posts the tag of question `question` ("Q3: …").
 */
export const PostMode = { answer: 'answer', announcement: 'announcement', question: 'question' } as const;
export type PostMode = (typeof PostMode)[keyof typeof PostMode];

export const postMessageSchema = z.object({
  clientId: clientIdSchema,
  text: plainText(2000).refine(hasVisibleText, 'a message needs some text'),
  replyTo: messageIdSchema.nullish(),
  mode: z.enum(['answer', 'announcement', 'question']).optional(),
  /** The question a `question`-mode post tags (required in that mode, checked by posting). */
  question: z.number().int().min(1).max(30).optional(),
});

export const ModerationAction = { hide: 'hide', unhide: 'unhide', feature: 'feature', unfeature: 'unfeature' } as const;
export type ModerationAction = (typeof ModerationAction)[keyof typeof ModerationAction];
export const moderateSchema = z.object({
  action: z.enum(['hide', 'unhide', 'feature', 'unfeature']),
  reason: trimmed(500).optional(),
});

/** The most messages one read returns: a page of GET …/messages, and a `jam:join {since}` catch-up. */
export const MESSAGE_PAGE_MAX = 1000;

export const listMessagesQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MESSAGE_PAGE_MAX).default(200),
});

export const listJamsQuerySchema = z.object({
  status: z.enum(['scheduled', 'live', 'ended']).optional(),
  series: slugSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const boostSchema = z.object({ boosted: z.boolean().default(true) });

/* Socket payloads */
export const jamJoinSchema = z.object({
  slug: slugSchema,
  /** The last seq the client already has; the ack carries everything after it. */
  since: z.number().int().min(0).optional(),
});
export const jamLeaveSchema = z.object({ slug: slugSchema });
export const socketSendSchema = postMessageSchema.extend({ slug: slugSchema });
export const socketShowSchema = showControlSchema.extend({ slug: slugSchema });
export const socketBoostSchema = boostSchema.extend({ slug: slugSchema, id: messageIdSchema });
export const socketModerateSchema = moderateSchema.extend({ slug: slugSchema, id: messageIdSchema });

export type CreateSeriesInput = z.infer<typeof createSeriesSchema>;
export type UpdateSeriesInput = z.infer<typeof updateSeriesSchema>;
export type CreateJamInput = z.infer<typeof createJamSchema>;
export type UpdateJamInput = z.infer<typeof updateJamSchema>;
export type QuestionInput = z.infer<typeof questionInputSchema>;
export type PostMessageInput = z.infer<typeof postMessageSchema>;
export type ShowControlInput = z.infer<typeof showControlSchema>;
export type ModerateInput = z.infer<typeof moderateSchema>;
