import { z } from 'zod';
import { normalizeHashtag } from './hashtag.ts';

/** zod schemas for every input that crosses an edge (HTTP bodies, queries, socket payloads). */

const trimmed = (max: number) => z.string().trim().max(max);
export const slugSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase letters, digits and dashes, 1–64 characters');
export const handleSchema = z.string().trim().regex(/^[A-Za-z0-9_]{2,30}$/, '2–30 letters, digits or underscores');
export const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a nanoid: 8–64 URL-safe characters');
export const messageIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a message id');

export const timeZoneSchema = z.string().trim().refine((tz) => {
  try {
    return Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone.length > 0;
  } catch {
    return false;
  }
}, 'an IANA time zone such as America/New_York');

export const hashtagSchema = z.string().transform((value, ctx) => {
  const tag = normalizeHashtag(value);
  if (!tag) {
    ctx.addIssue({ code: 'custom', message: 'a hashtag: letters, digits or _, not only digits, up to 49 characters' });
    return z.NEVER;
  }
  return tag;
});

export const signUpSchema = z.object({
  handle: handleSchema,
  password: z.string().min(8, 'at least 8 characters').max(200),
  displayName: trimmed(60).min(1).optional(),
});
export const signInSchema = z.object({ handle: handleSchema, password: z.string().min(1).max(200) });

export const createSeriesSchema = z.object({
  name: trimmed(100).min(1),
  slug: slugSchema.optional(),
  hashtag: hashtagSchema,
  description: trimmed(2000).default(''),
  rules: trimmed(4000).default(''),
  timeZone: timeZoneSchema.default('UTC'),
  defaultDurationMin: z.number().int().min(10).max(480).default(60),
});
export const updateSeriesSchema = createSeriesSchema.omit({ slug: true, hashtag: true }).partial();

export const questionInputSchema = z.object({
  text: trimmed(280).min(1),
  offsetMin: z.number().int().min(0).max(480),
});

/** A start instant with an offset ("2026-03-08T06:30:00Z"), or a wall-clock time read in the series' zone. */
const startSchema = z.union([
  z.object({ startsAt: z.iso.datetime({ offset: true }) }),
  z.object({ startsAtLocal: z.iso.datetime({ local: true }) }),
]);

const jamFields = z.object({
  title: trimmed(140).min(1),
  slug: slugSchema.optional(),
  description: trimmed(4000).default(''),
  durationMin: z.number().int().min(10).max(480).optional(),
  questions: z.array(questionInputSchema).max(30).default([]),
  panelists: z.array(handleSchema).max(50).default([]),
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
  title: trimmed(140).min(1).optional(),
  description: trimmed(4000).optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  startsAtLocal: z.iso.datetime({ local: true }).optional(),
  durationMin: z.number().int().min(10).max(480).optional(),
  questions: z.array(questionInputSchema).max(30).optional(),
  panelists: z.array(handleSchema).max(50).optional(),
});

export const ShowAction = { start: 'start', release_next: 'release_next', extend: 'extend', end: 'end' } as const;
export type ShowAction = (typeof ShowAction)[keyof typeof ShowAction];
export const showControlSchema = z.object({
  action: z.enum(['start', 'release_next', 'extend', 'end']),
  /** Minutes to extend by (only for extend). */
  minutes: z.number().int().min(1).max(120).optional(),
});

export const postMessageSchema = z.object({
  clientId: clientIdSchema,
  text: z.string().max(2000).refine((t) => t.trim().length > 0, 'a message needs some text'),
  replyTo: messageIdSchema.nullish(),
});

export const ModerationAction = { hide: 'hide', unhide: 'unhide', feature: 'feature', unfeature: 'unfeature' } as const;
export type ModerationAction = (typeof ModerationAction)[keyof typeof ModerationAction];
export const moderateSchema = z.object({
  action: z.enum(['hide', 'unhide', 'feature', 'unfeature']),
  reason: trimmed(500).optional(),
});

export const listMessagesQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const listJamsQuerySchema = z.object({
  status: z.enum(['scheduled', 'live', 'ended']).optional(),
  series: slugSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'a search needs some words').max(200),
  jam: slugSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
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

export type SignUpInput = z.infer<typeof signUpSchema>;
export type CreateSeriesInput = z.infer<typeof createSeriesSchema>;
export type UpdateSeriesInput = z.infer<typeof updateSeriesSchema>;
export type CreateJamInput = z.infer<typeof createJamSchema>;
export type UpdateJamInput = z.infer<typeof updateJamSchema>;
export type QuestionInput = z.infer<typeof questionInputSchema>;
export type PostMessageInput = z.infer<typeof postMessageSchema>;
export type ShowControlInput = z.infer<typeof showControlSchema>;
export type ModerateInput = z.infer<typeof moderateSchema>;
