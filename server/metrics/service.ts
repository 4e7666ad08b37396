import type { QuestionView } from '../../shared/model.ts';
import type { ContributorFigures, Digest, InteractionFigures, JamReport, SeriesMetrics } from '../../shared/reports.ts';
import { conflict } from '../errors.ts';
import { loadJamContext, loadJamContextFor, showOf, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import type { SeriesService } from '../jams/series.ts';
import { presentMessage } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { jamsCalendar, type CalendarJam } from './calendar.ts';
import { computeSeriesMetrics, type SeriesJamFacts } from './community.ts';
import { computeDigest } from './digest.ts';
import { authorKey } from './people.ts';
import { MetricsQueries } from './queries.ts';
import { computeJamReport, contributorFigures } from './report.ts';
import { presentAudienceQuestion, presentPoll } from '../interaction/present.ts';
import { Unanswered } from '../interaction/unanswered.ts';
import { interactionFigures } from './interaction.ts';
import { ViewerCounter } from './viewers.ts';
import { authorize } from '../core/policy.ts';

/** Ended jams stay in a series feed this long, so last week's jam is still in subscribers' calendars. */
const RECENT_MS = 30 * 24 * 60 * 60_000;
const SERIES_JAMS_LIMIT = 1000;

/** Reports, community metrics, calendars and digests: loads facts, hands them to pure computations. */
export class MetricsService {
  readonly queries: MetricsQueries;
  readonly viewers: ViewerCounter;

  constructor(
    private readonly deps: Deps,
    private readonly jams: JamService,
    private readonly series: SeriesService,
    onError: (error: unknown) => void,
  ) {
    this.queries = new MetricsQueries(deps.store.db);
    this.viewers = new ViewerCounter(deps, this.queries, onError);
  }

  async jamReport(slug: string): Promise<JamReport> {
    const { context, jam, messages } = await this.jamFacts(slug);
    const [visits, minutes, priorAuthors] = await Promise.all([
      this.queries.visits(context.jam.id),
      this.queries.minutes(context.jam.id),
      this.queries.priorAuthors(context.series.id, context.jam.starts_at),
    ]);
    const report = computeJamReport(jam, messages, { visits, minutes, priorAuthors }, this.deps.clock.now());
    return { ...report, interaction: await this.interaction(context, jam.questions) };
  }

  /** Audience questions, polls and the share of participants acknowledged within 5 minutes. */
  private async interaction(context: JamContext, questions: QuestionView[]): Promise<InteractionFigures> {
    const repo = this.deps.store.interaction;
    const slug = context.jam.slug;
    const promotedTo = new Map(questions.filter((q) => q.audienceQuestionId).map((q) => [q.audienceQuestionId!, q.n]));
    const [asked, polls, acknowledgement, voters] = await Promise.all([repo.questions(context.jam.id), repo.polls(context.jam.id), new Unanswered(this.deps).figures(context), repo.voters(context.jam.id)]);
    return interactionFigures(
      asked.map((q) => presentAudienceQuestion(q, slug, promotedTo.get(q.id) ?? null)),
      polls.map((p) => presentPoll(p, slug)),
      acknowledgement,
      voters,
    );
  }

  /** Every contributor with their counts: for hosts, to tie a jam to their CRM. */
  async contributors(user: UserRow, slug: string): Promise<ContributorFigures[]> {
    const { context, messages } = await this.jamFacts(slug);
    authorize(user, 'jam:host', context, 'export contributors');
    return contributorFigures(messages, await this.queries.priorAuthors(context.series.id, context.jam.starts_at));
  }

  async digest(slug: string): Promise<Digest> {
    const { jam, messages } = await this.jamFacts(slug);
    if (jam.status !== 'ended') throw conflict(`the digest is ready once the jam ends (it is ${jam.status})`);
    return computeDigest(jam, messages);
  }

  async seriesMetrics(slug: string): Promise<SeriesMetrics> {
    const { store, clock } = this.deps;
    const view = await this.series.get(slug);
    const row = (await store.series.bySlug(slug))!;
    const now = clock.now();
    const [rows, authors, visitors] = await Promise.all([store.jams.list({ seriesId: row.id, limit: SERIES_JAMS_LIMIT }), this.queries.seriesAuthors(row.id), this.queries.seriesVisitors(row.id)]);
    const facts: SeriesJamFacts[] = [];
    for (const jamRow of rows) {
      const show = showOf(await loadJamContextFor(store, jamRow), now);
      if (show.status === 'scheduled') continue;
      const byKey = new Map<string, SeriesJamFacts['authors'][number]>();
      for (const a of authors.filter((r) => r.jam_id === jamRow.id)) {
        const key = authorKey(a.source, a.author_handle);
        const seen = byKey.get(key);
        if (seen) seen.messages += a.messages;
        else byKey.set(key, { key, handle: a.author_handle, displayName: a.author_name, source: a.source, messages: a.messages });
      }
      facts.push({ slug: jamRow.slug, title: jamRow.title, startsAt: show.startsAt, authors: [...byKey.values()], visitors: visitors.filter((v) => v.jam_id === jamRow.id).map((v) => v.visitor) });
    }
    return computeSeriesMetrics({ slug: view.slug, name: view.name, hashtag: view.hashtag, timeZone: view.timeZone }, facts, now);
  }

  /** Upcoming, live and recently ended jams of a series, as a subscribable iCalendar feed. */
  async seriesCalendar(slug: string, origin: string): Promise<string> {
    const { store, clock } = this.deps;
    const view = await this.series.get(slug);
    const row = (await store.series.bySlug(slug))!;
    const now = clock.now();
    const entries: CalendarJam[] = [];
    for (const jamRow of await store.jams.list({ seriesId: row.id, limit: SERIES_JAMS_LIMIT })) {
      const show = showOf(await loadJamContextFor(store, jamRow), now);
      if (show.status === 'ended' && now.getTime() - Date.parse(show.endsAt) > RECENT_MS) continue;
      entries.push({ slug: jamRow.slug, title: jamRow.title, description: jamRow.description, status: show.status, startsAt: show.startsAt, endsAt: show.endsAt });
    }
    entries.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    return jamsCalendar({ slug: view.slug, name: view.name, hashtag: view.hashtag, timeZone: view.timeZone }, entries, origin, now);
  }

  async jamCalendar(slug: string, origin: string): Promise<string> {
    const jam = await this.jams.view(slug, null);
    const entry: CalendarJam = { slug: jam.slug, title: jam.title, description: jam.description, status: jam.status, startsAt: jam.show.startsAt, endsAt: jam.show.endsAt };
    return jamsCalendar({ ...jam.series, timeZone: jam.timeZone }, [entry], origin, this.deps.clock.now());
  }

  private async jamFacts(slug: string) {
    const context = await loadJamContext(this.deps.store, slug);
    const [jam, rows] = await Promise.all([this.jams.viewOf(context, null), this.deps.store.messages.allVisible(context.jam.id)]);
    return { context, jam, messages: rows.map((row) => presentMessage(row, slug)) };
  }
}
