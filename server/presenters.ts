import type { UserView } from '../shared/auth.ts';
import type { JamSummary, JamView, MessageView, PersonRef, QuestionView, SeriesView, ShowState } from '../shared/model.ts';
import { planOf, type JamContext } from './core/context.ts';
import { replayShow } from './core/runOfShow.ts';
import type { MessageRow } from './store/messages.ts';
import type { HostRow, SeriesRow } from './store/series.ts';
import type { UserRow } from './store/users.ts';

/** Whitelisting presenters: the only way rows leave the server, over HTTP, sockets and exports alike. */

export const jamPath = (slug: string) => `/jams/${slug}`;
export const messagePath = (jamSlug: string, id: string) => `/jams/${jamSlug}/m/${id}`;

export function presentUser(user: UserRow): UserView {
  return { id: user.id, handle: user.handle, displayName: user.display_name, bio: user.bio, avatarUrl: user.avatar_url };
}

const person = (row: { handle: string; display_name: string }): PersonRef => ({ handle: row.handle, displayName: row.display_name });

export function presentSeries(series: SeriesRow, hosts: HostRow[]): SeriesView {
  const owner = hosts.find((h) => h.role === 'owner');
  return {
    slug: series.slug,
    name: series.name,
    hashtag: series.hashtag,
    description: series.description,
    rules: series.rules,
    timeZone: series.time_zone,
    defaultDurationMin: series.default_duration_min,
    owner: owner ? person(owner) : { handle: '', displayName: '' },
    hosts: hosts.map(person),
    createdAt: series.created_at,
  };
}

export function presentMessage(row: MessageRow, jamSlug: string): MessageView {
  return {
    id: row.id,
    seq: row.seq,
    jamSlug,
    clientId: row.client_id,
    author: { handle: row.author_handle, displayName: row.author_name, role: row.author_role },
    text: row.text,
    createdAt: row.created_at,
    question: row.question,
    replyTo: row.reply_to,
    source: row.source,
    externalUrl: row.external_url,
    featured: row.featured === 1,
    hidden: row.hidden === 1,
    held: row.held === 1,
    boosts: row.boost_count,
    permalink: messagePath(jamSlug, row.id),
  };
}

/**
 * The questions in the show's order: the plan's, with any audience questions the host promoted
 * in their places (credited to their authors). Numbers follow that order.
 */
export function presentQuestions(context: JamContext, show: ShowState): QuestionView[] {
  const start = Date.parse(show.startsAt);
  const { slots } = replayShow(planOf(context), new Date(show.at));
  const promotions = new Map(context.actions.filter((a) => a.kind === 'promote' && a.ref_id).map((a) => [a.ref_id!, a]));
  return slots.map((slot, i) => {
    const released = show.releasedAt[i] != null;
    // Times come from the show's plannedAt; a promoted question waiting for the host has none.
    const releaseAt = show.plannedAt[i] ?? null;
    if (slot.source === 'plan') {
      const q = context.questions[slot.index]!;
      return { n: i + 1, text: q.text, offsetMin: slot.offsetMin, releaseAt, released };
    }
    const action = promotions.get(slot.ref);
    return {
      n: i + 1,
      text: action?.text ?? '',
      offsetMin: slot.offsetMin ?? Math.max(0, Math.round((slot.promotedAt.getTime() - start) / 60_000)),
      releaseAt,
      released,
      audienceQuestionId: slot.ref,
      askedBy: { handle: action?.credit_handle ?? '', displayName: action?.credit_name ?? '' },
    };
  });
}

export function presentJamSummary(context: JamContext, show: ShowState, counts: { messages: number; viewers: number }): JamSummary {
  const { jam, series } = context;
  return {
    slug: jam.slug,
    title: jam.title,
    status: show.status,
    startsAt: show.startsAt,
    durationMin: jam.duration_min,
    series: { slug: series.slug, name: series.name, hashtag: series.hashtag, timeZone: series.time_zone },
    currentQuestion: show.currentQuestion,
    questionCount: show.releasedAt.length,
    messageCount: counts.messages,
    viewers: counts.viewers,
  };
}

/**
 * A jam as one reader may see it: `questionsAhead` false (see `readsQuestionsAhead`) keeps only
 * the released questions, so an unreleased question's text never leaves the server for them.
 */
export function presentJam(context: JamContext, show: ShowState, counts: { messages: number; viewers: number }, questionsAhead: boolean): JamView {
  const { currentQuestion: _current, ...summary } = presentJamSummary(context, show, counts);
  const questions = presentQuestions(context, show);
  return {
    ...summary,
    description: context.jam.description,
    timeZone: context.series.time_zone,
    rules: context.series.rules,
    questions: questionsAhead ? questions : questions.filter((q) => q.released),
    panelists: context.panelists.map(person),
    hosts: context.hosts.map(person),
    show,
    permalink: jamPath(context.jam.slug),
    slowModeSec: context.jam.slow_mode_sec,
    premoderation: context.jam.premoderation === 1,
    questionsPublic: context.jam.questions_public === 1,
  };
}
