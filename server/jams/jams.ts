import { nanoid } from 'nanoid';
import type { JamStatus, JamSummary, JamView, MessageView } from '../../shared/model.ts';
import type { CreateJamInput, QuestionInput, UpdateJamInput } from '../../shared/schemas.ts';
import { localDate, zonedInstant } from '../../shared/time.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { presentJam, presentJamSummary, presentMessage } from '../presenters.ts';
import type { JamRow, QuestionRow } from '../store/jams.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContext, loadJamContextFor, roleIn, showOf, type JamContext } from './context.ts';
import type { Deps } from './deps.ts';
import type { SeriesService } from './series.ts';
import { slugify } from './series.ts';

export class JamService {
  constructor(
    private readonly deps: Deps,
    private readonly series: SeriesService,
    /** Called when a jam's plan changes, so its wake-ups are re-planned. */
    private readonly onPlanChanged: (jamId: string) => void,
  ) {}

  async create(user: UserRow, seriesSlug: string, input: CreateJamInput): Promise<JamView> {
    const { store, clock } = this.deps;
    const series = await this.series.requireHost(user, seriesSlug);
    const startsAt = this.startInstant(input, series);
    const durationMin = input.durationMin ?? series.default_duration_min;
    checkQuestionsFit(input.questions, durationMin);
    const panelistIds = await this.panelistIds(input.panelists);
    const slug = input.slug ?? (await this.freeSlug(`${series.slug}-${localDate(startsAt, series.time_zone)}`));
    if (input.slug && (await store.jams.slugTaken(input.slug))) throw conflict(`the slug "${input.slug}" is taken`, 'slug');
    const jam: JamRow = {
      id: nanoid(),
      slug,
      series_id: series.id,
      title: input.title,
      description: input.description,
      starts_at: startsAt.toISOString(),
      duration_min: durationMin,
      last_seq: 0,
      announced_status: 'scheduled',
      created_by: user.id,
      created_at: clock.now().toISOString(),
      slow_mode_sec: 0,
      premoderation: 0,
    };
    await store.jams.insert(jam, toQuestionRows(jam.id, input.questions), panelistIds);
    this.onPlanChanged(jam.id);
    return this.view(slug);
  }

  /** Edits a jam. The plan (start, duration, questions) is frozen once the jam is live. */
  async update(user: UserRow, slug: string, input: UpdateJamInput): Promise<JamView> {
    const context = await loadJamContext(this.deps.store, slug);
    await this.series.requireHost(user, context.series.slug);
    const show = showOf(context, this.deps.clock.now());
    const changesPlan = input.startsAt !== undefined || input.startsAtLocal !== undefined || input.durationMin !== undefined || input.questions !== undefined;
    if (changesPlan && show.status !== 'scheduled') throw conflict(`the plan of a ${show.status} jam cannot change; use the show controls`);
    const startsAt = input.startsAt || input.startsAtLocal ? this.startInstant(input as CreateJamInput, context.series).toISOString() : undefined;
    const durationMin = input.durationMin ?? context.jam.duration_min;
    const questions = input.questions ?? context.questions.map((q) => ({ text: q.text, offsetMin: q.offset_min }));
    checkQuestionsFit(questions, durationMin);
    await this.deps.store.jams.update(
      context.jam.id,
      {
        ...(input.title !== undefined && { title: input.title }),
        ...(input.description !== undefined && { description: input.description }),
        ...(startsAt !== undefined && { starts_at: startsAt }),
        ...(input.durationMin !== undefined && { duration_min: input.durationMin }),
      },
      input.questions ? toQuestionRows(context.jam.id, input.questions) : undefined,
      input.panelists ? await this.panelistIds(input.panelists) : undefined,
    );
    this.onPlanChanged(context.jam.id);
    const view = await this.view(slug);
    this.deps.events.emit('jam:updated', { jamId: context.jam.id, jamSlug: slug, reason: 'edited', show: view.show });
    return view;
  }

  async view(slug: string): Promise<JamView> {
    return this.viewOf(await loadJamContext(this.deps.store, slug));
  }

  async viewOf(context: JamContext): Promise<JamView> {
    const counts = await this.deps.store.jams.messageCounts([context.jam.id]);
    const show = showOf(context, this.deps.clock.now());
    return presentJam(context, show, { messages: counts.get(context.jam.id) ?? 0, viewers: this.deps.presence.viewers(context.jam.slug) });
  }

  /** Jams newest first, optionally of one series or in one status. */
  async list(filter: { status?: JamStatus; seriesSlug?: string; limit: number }): Promise<JamSummary[]> {
    const { store, clock, presence } = this.deps;
    let seriesId: string | undefined;
    if (filter.seriesSlug) {
      const series = await store.series.bySlug(filter.seriesSlug);
      if (!series) throw notFound(`series "${filter.seriesSlug}"`);
      seriesId = series.id;
    }
    // Status is derived, so filter after deriving; fetch generously to fill the page.
    const rows = await store.jams.list({ seriesId, limit: filter.status ? 1000 : filter.limit });
    const contexts = await Promise.all(rows.map((row) => loadJamContextFor(store, row)));
    const counts = await store.jams.messageCounts(rows.map((r) => r.id));
    const now = clock.now();
    return contexts
      .map((context) => presentJamSummary(context, showOf(context, now), { messages: counts.get(context.jam.id) ?? 0, viewers: presence.viewers(context.jam.slug) }))
      .filter((jam) => !filter.status || jam.status === filter.status)
      .slice(0, filter.limit);
  }

  /** Visible messages after a seq (hosts also see hidden ones, flagged). */
  async messages(slug: string, user: UserRow | null, after: number, limit: number): Promise<{ messages: MessageView[]; lastSeq: number }> {
    const context = await loadJamContext(this.deps.store, slug);
    const includeHidden = roleIn(context, user?.id ?? null) === 'host';
    const rows = await this.deps.store.messages.after(context.jam.id, after, limit, includeHidden);
    return { messages: rows.map((r) => presentMessage(r, slug)), lastSeq: context.jam.last_seq };
  }

  private startInstant(input: { startsAt?: string; startsAtLocal?: string }, series: SeriesRow): Date {
    if (input.startsAt) return new Date(input.startsAt);
    if (input.startsAtLocal) return zonedInstant(input.startsAtLocal, series.time_zone);
    throw invalidInput('startsAt or startsAtLocal is required', 'startsAt');
  }

  private async panelistIds(handles: string[]): Promise<string[]> {
    const users = await this.deps.store.users.byHandles(handles);
    const found = new Set(users.map((u) => u.handle_key));
    const missing = handles.find((h) => !found.has(h.toLowerCase()));
    if (missing) throw invalidInput(`no account has the handle @${missing}`, 'panelists');
    return users.map((u) => u.id);
  }

  private async freeSlug(base: string): Promise<string> {
    const root = slugify(base);
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? root : `${root}-${i}`;
      if (!(await this.deps.store.jams.slugTaken(candidate))) return candidate;
    }
  }
}

function toQuestionRows(jamId: string, questions: QuestionInput[]): QuestionRow[] {
  return questions.map((q, i) => ({ jam_id: jamId, n: i + 1, text: q.text, offset_min: q.offsetMin }));
}

function checkQuestionsFit(questions: QuestionInput[], durationMin: number): void {
  const late = questions.findIndex((q) => q.offsetMin >= durationMin);
  if (late >= 0) throw invalidInput(`Q${late + 1} is planned at minute ${questions[late]!.offsetMin}, after the jam's ${durationMin} minutes`, `questions.${late}.offsetMin`);
  const unordered = questions.findIndex((q, i) => i > 0 && q.offsetMin <= questions[i - 1]!.offsetMin);
  if (unordered >= 0) throw invalidInput('offsets must increase from one question to the next', `questions.${unordered}.offsetMin`);
}
