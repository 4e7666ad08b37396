import type { JamSummary, JamView, MessageView, PersonRef, QuestionView, SeriesView, ShowState, UserView } from '../shared/model.ts';
import type { JamContext } from './jams/context.ts';
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

export function presentQuestions(context: JamContext, show: ShowState): QuestionView[] {
  const start = Date.parse(show.startsAt);
  return context.questions.map((q, i) => ({
    n: q.n,
    text: q.text,
    offsetMin: q.offset_min,
    releaseAt: show.releasedAt[i] ?? new Date(start + (q.offset_min + show.extendedMin) * 60_000).toISOString(),
    released: show.releasedAt[i] != null,
  }));
}

export function presentJamSummary(context: JamContext, show: ShowState, counts: { messages: number; viewers: number }): JamSummary {
  const { jam, series } = context;
  return {
    slug: jam.slug,
    title: jam.title,
    status: show.status,
    startsAt: show.startsAt,
    durationMin: jam.duration_min,
    series: { slug: series.slug, name: series.name, hashtag: series.hashtag },
    currentQuestion: show.currentQuestion,
    questionCount: context.questions.length,
    messageCount: counts.messages,
    viewers: counts.viewers,
  };
}

export function presentJam(context: JamContext, show: ShowState, counts: { messages: number; viewers: number }): JamView {
  const { currentQuestion: _current, ...summary } = presentJamSummary(context, show, counts);
  return {
    ...summary,
    description: context.jam.description,
    timeZone: context.series.time_zone,
    rules: context.series.rules,
    questions: presentQuestions(context, show),
    panelists: context.panelists.map(person),
    hosts: context.hosts.map(person),
    show,
    permalink: jamPath(context.jam.slug),
    slowModeSec: context.jam.slow_mode_sec,
    premoderation: context.jam.premoderation === 1,
  };
}
