import { z } from './zod.ts';
import { instant, messageViewSchema, personRefSchema } from './model.ts';
import { clientIdSchema, messageIdSchema, slugSchema, trimmed } from './fields.ts';

/** Audience interaction (issue 16): audience questions with votes, polls, the not-yet-answered queue, automatic moderation. */

/** Ids of audience questions and polls are nanoids, like message ids. */
export const interactionIdSchema = messageIdSchema;

export const AudienceSort = { votes: 'votes', newest: 'newest' } as const;
export type AudienceSort = (typeof AudienceSort)[keyof typeof AudienceSort];

export const askSchema = z.object({
  clientId: clientIdSchema,
  text: trimmed(280).min(5, 'a question needs at least a few words'),
});
export const voteSchema = z.object({ voted: z.boolean().default(true) });
export const AudienceAction = { hide: 'hide', unhide: 'unhide', answered: 'answered', reopen: 'reopen', merge: 'merge', approve: 'approve' } as const;
export type AudienceAction = (typeof AudienceAction)[keyof typeof AudienceAction];
export const audienceModerateSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('hide') }),
  z.object({ action: z.literal('unhide') }),
  z.object({ action: z.literal('approve') }),
  z.object({ action: z.literal('reopen') }),
  /** Marks it answered, linking the messages that answer it (may be none). */
  z.object({ action: z.literal('answered'), answerIds: z.array(messageIdSchema).max(20).default([]) }),
  /** Merges this duplicate into another question: its votes join the other's (one per person). */
  z.object({ action: z.literal('merge'), into: interactionIdSchema }),
]);
export const audienceListQuerySchema = z.object({
  sort: z.enum(['votes', 'newest']).default('votes'),
  since: z.coerce.number().int().min(0).optional().describe('Changes after this interaction version only (a reconnecting client catching up).'),
});

export const createPollSchema = z.object({
  clientId: clientIdSchema,
  text: trimmed(280).min(1, 'a poll needs a question'),
  options: z
    .array(trimmed(100).min(1, 'an option needs some text'))
    .min(2, 'a poll needs 2–6 options')
    .max(6, 'a poll needs 2–6 options')
    .refine((options) => new Set(options.map((o) => o.toLocaleLowerCase())).size === options.length, 'options must differ'),
  question: z.number().int().min(1).max(60).nullish().describe('Attach to a question of the run of show: it opens when that question is released. Absent: opens now.'),
  results: z.enum(['live', 'on_reveal']).default('on_reveal'),
});
export const ballotSchema = z.object({ option: z.number().int().min(0).max(5) });
export const PollAction = { close: 'close', reveal: 'reveal' } as const;
export type PollAction = (typeof PollAction)[keyof typeof PollAction];
export const pollActionSchema = z.object({ action: z.enum(['close', 'reveal']) });

/* Socket payloads */
export const socketAskSchema = askSchema.extend({ slug: slugSchema });
export const socketVoteSchema = voteSchema.extend({ slug: slugSchema, id: interactionIdSchema });
export const socketBallotSchema = ballotSchema.extend({ slug: slugSchema, id: interactionIdSchema });
export const socketInteractionSyncSchema = z.object({ slug: slugSchema, since: z.number().int().min(0).default(0) });

export type AskInput = z.infer<typeof askSchema>;
export type AudienceModerateInput = z.infer<typeof audienceModerateSchema>;
export type CreatePollInput = z.infer<typeof createPollSchema>;

export const audienceQuestionViewSchema = z
  .object({
    id: z.string(),
    jamSlug: z.string(),
    clientId: z.string(),
    version: z.number().int().nonnegative().describe("The jam's interaction version of this question's latest change: keep the highest per id."),
    author: personRefSchema,
    text: z.string(),
    status: z.enum(['open', 'answered', 'hidden', 'merged']),
    held: z.boolean().describe("Awaiting a host's approval: seen only by hosts and its author."),
    votes: z.number().int().nonnegative(),
    mergedInto: z.string().nullable(),
    answerIds: z.array(z.string()).describe('Messages the host linked as its answers.'),
    promotedTo: z.number().int().nonnegative().nullable().describe('The run-of-show number it was promoted to, once promoted.'),
    createdAt: instant(),
  })
  .meta({ id: 'AudienceQuestionView' });
export type AudienceQuestionView = z.infer<typeof audienceQuestionViewSchema>;

export const pollOptionViewSchema = z
  .object({
    text: z.string(),
    votes: z.number().int().nonnegative().nullable().describe('null while the results are hidden from the caller (until the host reveals them).'),
  })
  .meta({ id: 'PollOptionView' });
export type PollOptionView = z.infer<typeof pollOptionViewSchema>;

export const pollViewSchema = z
  .object({
    id: z.string(),
    jamSlug: z.string(),
    clientId: z.string(),
    version: z.number().int().nonnegative(),
    question: z.number().int().nonnegative().nullable(),
    text: z.string(),
    options: z.array(pollOptionViewSchema),
    status: z.enum(['scheduled', 'open', 'closed']).describe("scheduled: waits for its question's release; open: takes ballots; closed: final."),
    results: z.enum(['live', 'on_reveal']),
    revealed: z.boolean(),
    total: z.number().int().nonnegative().nullable().describe('Ballots cast; null while the results are hidden from the caller.'),
    createdAt: instant(),
    closedAt: instant().nullable(),
  })
  .meta({ id: 'PollView' });
export type PollView = z.infer<typeof pollViewSchema>;

/** Everything interactive in a jam, as one caller sees it; `mine` is that caller's own votes and ballots. */
export const interactionStateSchema = z
  .object({
    jamSlug: z.string(),
    version: z.number().int().nonnegative(),
    questions: z.array(audienceQuestionViewSchema),
    polls: z.array(pollViewSchema),
    mine: z.object({ votes: z.array(z.string()), ballots: z.record(z.string(), z.number().int().nonnegative()) }),
  })
  .meta({ id: 'InteractionState' });
export type InteractionState = z.infer<typeof interactionStateSchema>;

/** A participant's message nobody on the team has replied to, boosted or featured yet. */
export const unansweredQueueSchema = z
  .object({
    jamSlug: z.string(),
    total: z.number().int().nonnegative(),
    groups: z.array(z.object({ question: z.number().int().nonnegative().nullable(), messages: z.array(messageViewSchema) })).describe('By question (null: posted before Q1 or outside any question), each oldest first.'),
  })
  .meta({ id: 'UnansweredQueue' });
export type UnansweredQueue = z.infer<typeof unansweredQueueSchema>;

/* Automatic moderation (per series) */
export const AutomodAction = { hide: 'hide', hold: 'hold' } as const;
export type AutomodAction = (typeof AutomodAction)[keyof typeof AutomodAction];

const patternSchema = z
  .object({
    pattern: trimmed(200).min(1).describe('A word or phrase (matched as whole words, any case), or a regular expression when `regex`.'),
    regex: z.boolean().default(false),
    action: z.enum(['hide', 'hold']).default('hold'),
  })
  .superRefine((rule, ctx) => {
    if (!rule.regex) return;
    try {
      RegExp(rule.pattern, 'iu').test('');
    } catch {
      ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'not a valid regular expression' });
    }
  });

export const automodSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  blocked: z.array(patternSchema).max(100).default([]),
  links: z.object({ enabled: z.boolean(), minAccountDays: z.number().int().min(0).max(3650), minPriorPosts: z.number().int().min(0).max(1000) }).default({ enabled: false, minAccountDays: 7, minPriorPosts: 3 }).describe('Hold posts with links from accounts younger than `minAccountDays` or with fewer than `minPriorPosts` earlier posts.'),
  firstPost: z.object({ enabled: z.boolean(), accountDays: z.number().int().min(0).max(3650) }).default({ enabled: false, accountDays: 7 }).describe('Hold the first post of an account younger than `accountDays` days.'),
  repeated: z.object({ enabled: z.boolean(), times: z.number().int().min(2).max(100), minutes: z.number().int().min(1).max(240), action: z.enum(['hide', 'hold']) }).default({ enabled: false, times: 3, minutes: 10, action: 'hide' }).describe('The same text `times` times within `minutes` (by anyone): later copies are hidden or held.'),
  rate: z.object({ enabled: z.boolean(), postsPerMinute: z.number().int().min(1).max(120) }).default({ enabled: false, postsPerMinute: 6 }).describe('More than `posts` posts by one person within a minute: the excess is held.'),
});
export type AutomodSettings = z.infer<typeof automodSettingsSchema>;
export const DEFAULT_AUTOMOD: AutomodSettings = automodSettingsSchema.parse({});

export const AutomodRule = { blocked: 'blocked', links: 'links', firstPost: 'firstPost', repeated: 'repeated', rate: 'rate' } as const;
export type AutomodRule = (typeof AutomodRule)[keyof typeof AutomodRule];

/** One automatic action, as the host console lists it (from the audit log). */
export const automodActionViewSchema = z
  .object({
    entryId: z.number().int().nonnegative(),
    jamSlug: z.string().nullable(),
    messageId: z.string().nullable(),
    rule: z.enum(['blocked', 'links', 'firstPost', 'repeated', 'rate']),
    action: z.enum(['hide', 'hold']),
    detail: z.string().describe('What fired, in words ("blocked word “spam”", "3rd copy in 10 min").'),
    author: z.string(),
    text: z.string(),
    createdAt: instant(),
    undone: z.boolean().describe('Set once a host undid it.'),
  })
  .meta({ id: 'AutomodActionView' });
export type AutomodActionView = z.infer<typeof automodActionViewSchema>;
