import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, JamsTable, QuestionsTable, ShowActionsTable } from './schema.ts';

export type JamRow = Selectable<JamsTable>;
export type QuestionRow = Selectable<QuestionsTable>;
export type ShowActionRow = Selectable<ShowActionsTable>;
export interface PanelistRow {
  user_id: string;
  handle: string;
  display_name: string;
}

/** Everything the run of show is derived from, read together. */
export interface JamFacts {
  jam: JamRow;
  questions: QuestionRow[];
  actions: ShowActionRow[];
}

export class JamRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts a jam with its questions and panelists atomically. */
  async insert(jam: JamRow, questions: QuestionRow[], panelistIds: string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('jams').values(jam).execute();
      if (questions.length) await tx.insertInto('questions').values(questions).execute();
      if (panelistIds.length) await tx.insertInto('jam_panelists').values(panelistIds.map((user_id) => ({ jam_id: jam.id, user_id }))).execute();
    });
  }

  /** Replaces the editable parts of a jam atomically; questions/panelists only when given. */
  async update(jamId: string, changes: Partial<Pick<JamRow, 'title' | 'description' | 'starts_at' | 'duration_min' | 'questions_public'>>, questions?: QuestionRow[], panelistIds?: string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (Object.keys(changes).length) await tx.updateTable('jams').set(changes).where('id', '=', jamId).execute();
      if (questions) {
        await tx.deleteFrom('questions').where('jam_id', '=', jamId).execute();
        if (questions.length) await tx.insertInto('questions').values(questions).execute();
      }
      if (panelistIds) {
        await tx.deleteFrom('jam_panelists').where('jam_id', '=', jamId).execute();
        if (panelistIds.length) await tx.insertInto('jam_panelists').values(panelistIds.map((user_id) => ({ jam_id: jamId, user_id }))).execute();
      }
    });
  }

  /**
   * Replaces the questions of a live jam only if the facts its edit was checked against still
   * hold (compare-and-set): the same questions, no new show action, no further release announced.
   * The first write takes the jam's row lock (PostgreSQL) or the write lock (SQLite), so two
   * racing edits, or an edit and a release, serialise. Returns false when something moved.
   */
  async replaceQuestionsIf(jamId: string, expected: { questions: QuestionRow[]; actions: number; releases: number }, questions: QuestionRow[]): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      await tx.updateTable('jams').set((eb) => ({ duration_min: eb.ref('duration_min') })).where('id', '=', jamId).execute();
      const [current, actions, releases] = await Promise.all([
        tx.selectFrom('questions').select(['n', 'text', 'offset_min']).where('jam_id', '=', jamId).orderBy('n').execute(),
        tx.selectFrom('show_actions').select((eb) => eb.fn.countAll<string | number>().as('count')).where('jam_id', '=', jamId).executeTakeFirstOrThrow(),
        tx.selectFrom('question_releases').select((eb) => eb.fn.countAll<string | number>().as('count')).where('jam_id', '=', jamId).executeTakeFirstOrThrow(),
      ]);
      const same =
        current.length === expected.questions.length &&
        current.every((q, i) => q.text === expected.questions[i]!.text && q.offset_min === expected.questions[i]!.offset_min) &&
        Number(actions.count) === expected.actions &&
        Number(releases.count) <= expected.releases;
      if (!same) return false;
      await tx.deleteFrom('questions').where('jam_id', '=', jamId).execute();
      if (questions.length) await tx.insertInto('questions').values(questions).execute();
      return true;
    });
  }

  bySlug(slug: string): Promise<JamRow | undefined> {
    return this.db.selectFrom('jams').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  byId(id: string): Promise<JamRow | undefined> {
    return this.db.selectFrom('jams').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byIds(ids: string[]): Promise<JamRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('jams').selectAll().where('id', 'in', ids).execute();
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.selectFrom('jams').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
  }

  list(filter: { seriesId?: string; limit: number }): Promise<JamRow[]> {
    let query = this.db.selectFrom('jams').selectAll().orderBy('starts_at', 'desc').limit(filter.limit);
    if (filter.seriesId) query = query.where('series_id', '=', filter.seriesId);
    return query.execute();
  }

  /** Jams whose run of show may still need a wake-up: not yet announced as ended. */
  unfinished(): Promise<JamRow[]> {
    return this.db.selectFrom('jams').selectAll().where('announced_status', '!=', 'ended').execute();
  }

  questions(jamId: string): Promise<QuestionRow[]> {
    return this.db.selectFrom('questions').selectAll().where('jam_id', '=', jamId).orderBy('n').execute();
  }

  actions(jamId: string): Promise<ShowActionRow[]> {
    return this.db.selectFrom('show_actions').selectAll().where('jam_id', '=', jamId).orderBy('id').execute();
  }

  async facts(jam: JamRow): Promise<JamFacts> {
    const [questions, actions] = await Promise.all([this.questions(jam.id), this.actions(jam.id)]);
    return { jam, questions, actions };
  }

  panelists(jamId: string): Promise<PanelistRow[]> {
    return this.db
      .selectFrom('jam_panelists')
      .innerJoin('users', 'users.id', 'jam_panelists.user_id')
      .select(['jam_panelists.user_id', 'users.handle', 'users.display_name'])
      .where('jam_panelists.jam_id', '=', jamId)
      .orderBy('users.handle')
      .execute();
  }

  async addAction(action: Insertable<ShowActionsTable>): Promise<void> {
    await this.db.insertInto('show_actions').values(action).execute();
  }

  /** Records that question n was announced; false when another wake-up (or node) already did. */
  async markReleased(jamId: string, n: number, at: string): Promise<boolean> {
    const result = await this.db.insertInto('question_releases').values({ jam_id: jamId, n, released_at: at }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Compare-and-set of the announced status; true for the one caller that moved it. */
  async markStatus(jamId: string, from: JamRow['announced_status'], to: JamRow['announced_status']): Promise<boolean> {
    const result = await this.db.updateTable('jams').set({ announced_status: to }).where('id', '=', jamId).where('announced_status', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async messageCounts(jamIds: string[]): Promise<Map<string, number>> {
    if (jamIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('messages')
      .select(['jam_id'])
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('jam_id', 'in', jamIds)
      .where('hidden', '=', 0)
      .groupBy('jam_id')
      .execute();
    return new Map(rows.map((r) => [r.jam_id, Number(r.count)]));
  }
}
