import { nanoid } from 'nanoid';
import type { JamStatus, JamSummary, JamView, MessageView, StreamPage } from '../../shared/model.ts';
import type { CreateJamInput, QuestionInput, UpdateJamInput } from '../../shared/model.ts';
import { localDate, zonedInstant } from '../../shared/time.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { presentJam, presentJamSummary, presentMessage } from '../presenters.ts';
import type { JamRow, QuestionRow } from '../store/jams.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContext, loadJamContextFor, planOf, showOf, type JamContext } from '../core/context.ts';
import { deriveShow, replayShow } from '../core/runOfShow.ts';
import type { Deps } from '../core/deps.ts';
import { slugify } from './series.ts';
import { authorize, can, readsQuestionsAhead, seriesAllowing } from '../core/policy.ts';

/** Messages in the page a live view opens with (over HTTP or a fresh socket join). */
export const STREAM_PAGE = 200;

export class JamService {
  constructor(
    private readonly deps: Deps,
    /** Called when a jam's plan changes, so its wake-ups are re-planned. */
    private readonly onPlanChanged: (jamId: string) => void,
  ) {}

  async create(user: UserRow, seriesSlug: string, input: CreateJamInput): Promise<JamView> {
    const { store, clock } = this.deps;
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'schedule jams');
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
      questions_public: input.questionsPublic === false ? 0 : 1,
    };
    await store.jams.insert(jam, toQuestionRows(jam.id, input.questions), panelistIds);
    this.onPlanChanged(jam.id);
    return this.view(slug, user);
  }

  /**
   * Edits a jam. Start and duration are frozen once the jam is live; its questions not yet
   * released can still be edited, added, removed and reordered (see `checkLiveEdit`).
   */
  async update(user: UserRow, slug: string, input: UpdateJamInput): Promise<JamView> {
    const context = await loadJamContext(this.deps.store, slug);
    authorize(user, 'jam:host', context, 'edit its jams');
    const now = this.deps.clock.now();
    const show = showOf(context, now);
    const changesSchedule = input.startsAt !== undefined || input.startsAtLocal !== undefined || input.durationMin !== undefined;
    if (changesSchedule && show.status !== 'scheduled') throw conflict(`the start and length of a ${show.status} jam cannot change; use the show controls`);
    if (input.questions && show.status === 'ended') throw conflict('the jam has ended; its questions are part of the archive');
    const liveQuestions = input.questions && show.status === 'live' ? toQuestionRows(context.jam.id, input.questions) : undefined;
    if (liveQuestions) {
      checkQuestionsFit(input.questions!, context.jam.duration_min);
      checkLiveEdit(context, liveQuestions, now);
      const released = show.releasedAt.filter((t) => t !== null).length;
      const expected = { questions: context.questions, actions: context.actions.length, releases: released };
      if (!(await this.deps.store.jams.replaceQuestionsIf(context.jam.id, expected, liveQuestions))) {
        throw conflict('the show moved on while you edited (a question was released or the plan changed); look again and retry', 'questions');
      }
    }
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
        ...(input.questionsPublic !== undefined && { questions_public: input.questionsPublic ? 1 : 0 }),
      },
      input.questions && !liveQuestions ? toQuestionRows(context.jam.id, input.questions) : undefined,
      input.panelists ? await this.panelistIds(input.panelists) : undefined,
    );
    this.onPlanChanged(context.jam.id);
    const view = await this.view(slug, user);
    this.deps.events.emit('jam:updated', { jamId: context.jam.id, jamSlug: slug, reason: 'edited', show: view.show });
    return view;
  }

  /**
   * A jam as one reader sees it. `reader` is the signed-in person (null for anyone else, and for
   * everything published: emails, embeds, archives, reports), and decides whether questions not
   * yet released are included (see `readsQuestionsAhead`).
   */
  async view(slug: string, reader: UserRow | null): Promise<JamView> {
    return this.viewOf(await loadJamContext(this.deps.store, slug), reader);
  }

  async viewOf(context: JamContext, reader: UserRow | null): Promise<JamView> {
    const counts = await this.deps.store.jams.messageCounts([context.jam.id]);
    const show = showOf(context, this.deps.clock.now());
    const ahead = readsQuestionsAhead(reader, context);
    return presentJam(context, show, { messages: counts.get(context.jam.id) ?? 0, viewers: this.deps.presence.viewers(context.jam.slug) }, ahead);
  }

  /** A jam as its page opens: the view and, while it is live, the newest page of its stream. */
  async opening(slug: string, reader: UserRow | null): Promise<{ jam: JamView; stream: StreamPage | null }> {
    const context = await loadJamContext(this.deps.store, slug);
    const jam = await this.viewOf(context, reader);
    return { jam, stream: jam.status === 'live' ? await this.latestPage(context) : null };
  }

  /**
   * The newest page of a jam's visible stream, oldest first: the live page paints with it, and a
   * socket join without `since` carries the same page.
   */
  async latestPage(context: JamContext, limit = STREAM_PAGE): Promise<StreamPage> {
    const rows = await this.deps.store.messages.latest(context.jam.id, limit);
    const messages = rows.map((row) => presentMessage(row, context.jam.slug));
    return { messages, hasEarlier: (messages[0]?.seq ?? 1) > 1, lastSeq: context.jam.last_seq };
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
    const includeHidden = can(user, 'jam:host', context);
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

/**
 * A live edit may change only the future: every released question keeps its text and place, and
 * the show derived from the new plan has released exactly what was released, at the same
 * instants (so no edited question is due in the past and nothing already seen changes).
 */
function checkLiveEdit(context: JamContext, questions: QuestionRow[], now: Date): void {
  const { show: before, slots } = replayShow(planOf(context), now);
  const after = deriveShow({ ...planOf(context), offsetsMin: questions.map((q) => q.offset_min) }, now);
  // Released positions may hold promoted audience questions: compare the plan's own questions.
  before.releasedAt.forEach((at, i) => {
    const slot = slots[i]!;
    if (at === null || slot.source !== 'plan') return;
    const was = context.questions[slot.index]!;
    const is = questions[slot.index];
    if (!is || is.text !== was.text || is.offset_min !== was.offset_min) throw conflict(`Q${i + 1} has been released and cannot change`, `questions.${slot.index}`);
  });
  const same = after.status === before.status && after.currentQuestion === before.currentQuestion && after.releasedAt.every((at, i) => at === (before.releasedAt[i] ?? null));
  if (!same) {
    const early = after.releasedAt.findIndex((at, i) => at !== null && before.releasedAt[i] == null);
    throw invalidInput(early >= 0 ? `Q${early + 1} would be due before now; plan it later` : 'this edit would change what has already happened in the show', early >= 0 ? `questions.${early}.offsetMin` : 'questions');
  }
}
