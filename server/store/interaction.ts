import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { AudienceQuestionsTable, Database, ModerationLogTable, PollsTable } from './schema.ts';
import { isUniqueViolation } from './index.ts';

export type AudienceQuestionRow = Selectable<AudienceQuestionsTable>;
export type PollRow = Selectable<PollsTable>;
/** A poll with its ballots counted per option (index → count). */
export interface CountedPoll {
  poll: PollRow;
  counts: number[];
}

type Tx = Transaction<Database>;

/**
 * Persistence for audience questions, votes, polls and ballots. Every change takes the jam's next
 * interaction version in the same transaction, and counts are read from the vote and ballot rows
 * in that transaction: on PostgreSQL the version row's lock orders concurrent changes of one jam,
 * so two nodes never publish a count that skips or repeats a vote.
 */
export class InteractionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  private async nextVersion(tx: Tx, jamId: string): Promise<number> {
    const row = await tx
      .insertInto('interaction_versions')
      .values({ jam_id: jamId, version: 1 })
      .onConflict((oc) => oc.column('jam_id').doUpdateSet((eb) => ({ version: eb('interaction_versions.version', '+', 1) })))
      .returning('version')
      .executeTakeFirstOrThrow();
    return Number(row.version);
  }

  async version(jamId: string): Promise<number> {
    const row = await this.db.selectFrom('interaction_versions').select('version').where('jam_id', '=', jamId).executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  /** Stores a question once per client id; a retry returns the stored one as a duplicate. */
  async insertQuestion(row: Omit<AudienceQuestionRow, 'version' | 'vote_count'>): Promise<{ row: AudienceQuestionRow; duplicate: boolean }> {
    const existing = await this.questionByClientId(row.jam_id, row.client_id);
    if (existing) return { row: existing, duplicate: true };
    try {
      return await this.db.transaction().execute(async (tx) => {
        const version = await this.nextVersion(tx, row.jam_id);
        const stored = { ...row, version, vote_count: 0 };
        await tx.insertInto('audience_questions').values(stored).execute();
        return { row: stored, duplicate: false };
      });
    } catch (error) {
      // The same client id stored by another node between our read and our insert.
      if (!isUniqueViolation(error)) throw error;
      return { row: (await this.questionByClientId(row.jam_id, row.client_id))!, duplicate: true };
    }
  }

  questionById(id: string): Promise<AudienceQuestionRow | undefined> {
    return this.db.selectFrom('audience_questions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  questionByClientId(jamId: string, clientId: string): Promise<AudienceQuestionRow | undefined> {
    return this.db.selectFrom('audience_questions').selectAll().where('jam_id', '=', jamId).where('client_id', '=', clientId).executeTakeFirst();
  }

  /** A jam's questions changed after a version (all when 0), oldest first. */
  questions(jamId: string, since = 0): Promise<AudienceQuestionRow[]> {
    return this.db.selectFrom('audience_questions').selectAll().where('jam_id', '=', jamId).where('version', '>', since).orderBy('created_at').orderBy('id').execute();
  }

  /** Adds or removes one person's vote and recounts; idempotent either way. Returns the question as stored now. */
  async setVote(questionId: string, jamId: string, userId: string, voted: boolean, at: string): Promise<AudienceQuestionRow> {
    return this.db.transaction().execute(async (tx) => {
      const version = await this.nextVersion(tx, jamId);
      if (voted) await tx.insertInto('audience_votes').values({ question_id: questionId, user_id: userId, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
      else await tx.deleteFrom('audience_votes').where('question_id', '=', questionId).where('user_id', '=', userId).execute();
      return this.recount(tx, questionId, version);
    });
  }

  private async recount(tx: Tx, questionId: string, version: number, changes: Partial<AudienceQuestionRow> = {}): Promise<AudienceQuestionRow> {
    const counted = await tx.selectFrom('audience_votes').select((eb) => eb.fn.countAll<number>().as('n')).where('question_id', '=', questionId).executeTakeFirstOrThrow();
    await tx
      .updateTable('audience_questions')
      .set({ ...changes, vote_count: Number(counted.n), version })
      .where('id', '=', questionId)
      .execute();
    return (await tx.selectFrom('audience_questions').selectAll().where('id', '=', questionId).executeTakeFirst())!;
  }

  /** Changes a question's state (status, answers, held, promotion) under a new version. */
  async updateQuestion(questionId: string, jamId: string, changes: Partial<Pick<AudienceQuestionRow, 'status' | 'held' | 'answer_ids' | 'promoted_at' | 'merged_into'>>): Promise<AudienceQuestionRow> {
    return this.db.transaction().execute(async (tx) => this.recount(tx, questionId, await this.nextVersion(tx, jamId), changes));
  }

  /** Merges a duplicate into another question: each voter's vote moves over (one per person), the duplicate's author counts as a voter. */
  async merge(fromId: string, intoId: string, jamId: string, fromAuthorId: string, at: string): Promise<{ from: AudienceQuestionRow; into: AudienceQuestionRow }> {
    return this.db.transaction().execute(async (tx) => {
      const version = await this.nextVersion(tx, jamId);
      const voters = await tx.selectFrom('audience_votes').select('user_id').where('question_id', '=', fromId).execute();
      const people = [...new Set([fromAuthorId, ...voters.map((v) => v.user_id)])];
      for (const user_id of people) await tx.insertInto('audience_votes').values({ question_id: intoId, user_id, created_at: at }).onConflict((oc) => oc.doNothing()).execute();
      await tx.deleteFrom('audience_votes').where('question_id', '=', fromId).execute();
      const from = await this.recount(tx, fromId, version, { status: 'merged', merged_into: intoId });
      const into = await this.recount(tx, intoId, version);
      return { from, into };
    });
  }

  /** Distinct people who voted on any audience question of a jam. */
  async voters(jamId: string): Promise<number> {
    const row = await this.db
      .selectFrom('audience_votes')
      .innerJoin('audience_questions', 'audience_questions.id', 'audience_votes.question_id')
      .select((eb) => eb.fn.count<number>('audience_votes.user_id').distinct().as('n'))
      .where('audience_questions.jam_id', '=', jamId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Question ids the user voted for in a jam. */
  async votesOf(jamId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('audience_votes')
      .innerJoin('audience_questions', 'audience_questions.id', 'audience_votes.question_id')
      .select('audience_votes.question_id')
      .where('audience_questions.jam_id', '=', jamId)
      .where('audience_votes.user_id', '=', userId)
      .execute();
    return rows.map((r) => r.question_id);
  }

  async insertPoll(row: Omit<PollRow, 'version'>): Promise<{ row: CountedPoll; duplicate: boolean }> {
    const existing = await this.db.selectFrom('polls').selectAll().where('jam_id', '=', row.jam_id).where('client_id', '=', row.client_id).executeTakeFirst();
    if (existing) return { row: await this.counted(existing), duplicate: true };
    return this.db.transaction().execute(async (tx) => {
      const stored = { ...row, version: await this.nextVersion(tx, row.jam_id) };
      await tx.insertInto('polls').values(stored).execute();
      return { row: { poll: stored, counts: JSON.parse(stored.options).map(() => 0) as number[] }, duplicate: false };
    });
  }

  pollById(id: string): Promise<PollRow | undefined> {
    return this.db.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** A jam's polls changed after a version, oldest first, with their counts. */
  async polls(jamId: string, since = 0): Promise<CountedPoll[]> {
    const rows = await this.db.selectFrom('polls').selectAll().where('jam_id', '=', jamId).where('version', '>', since).orderBy('created_at').orderBy('id').execute();
    const counts = await this.countsOf(this.db, rows.map((r) => r.id));
    return rows.map((poll) => ({ poll, counts: JSON.parse(poll.options).map((_: string, i: number) => counts.get(`${poll.id}:${i}`) ?? 0) as number[] }));
  }

  private async countsOf(db: Kysely<Database>, pollIds: string[]): Promise<Map<string, number>> {
    if (pollIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('poll_ballots')
      .select(['poll_id', 'option'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('poll_id', 'in', pollIds)
      .groupBy(['poll_id', 'option'])
      .execute();
    return new Map(rows.map((r) => [`${r.poll_id}:${r.option}`, Number(r.n)]));
  }

  private async counted(poll: PollRow, db: Kysely<Database> = this.db): Promise<CountedPoll> {
    const counts = await this.countsOf(db, [poll.id]);
    return { poll, counts: (JSON.parse(poll.options) as string[]).map((_, i) => counts.get(`${poll.id}:${i}`) ?? 0) };
  }

  /** Casts or changes one person's ballot while the poll is open; undefined when it is not open. */
  async setBallot(pollId: string, jamId: string, userId: string, option: number, at: string): Promise<CountedPoll | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const version = await this.nextVersion(tx, jamId);
      const opened = await tx.updateTable('polls').set({ version }).where('id', '=', pollId).where('status', '=', 'open').executeTakeFirst();
      if (Number(opened.numUpdatedRows) === 0) return undefined;
      await tx
        .insertInto('poll_ballots')
        .values({ poll_id: pollId, user_id: userId, option, updated_at: at })
        .onConflict((oc) => oc.columns(['poll_id', 'user_id']).doUpdateSet({ option, updated_at: at }))
        .execute();
      return this.counted((await tx.selectFrom('polls').selectAll().where('id', '=', pollId).executeTakeFirst())!, tx);
    });
  }

  /** Sets polls' fields under a new version; only those still in `from` status when given. Returns the changed polls, counted. */
  async updatePolls(jamId: string, ids: string[], changes: Partial<Pick<PollRow, 'status' | 'revealed' | 'opened_at' | 'closed_at'>>, from?: PollRow['status']): Promise<CountedPoll[]> {
    if (ids.length === 0) return [];
    return this.db.transaction().execute(async (tx) => {
      const version = await this.nextVersion(tx, jamId);
      let query = tx.updateTable('polls').set({ ...changes, version }).where('id', 'in', ids);
      if (from) query = query.where('status', '=', from);
      await query.execute();
      const rows = await tx.selectFrom('polls').selectAll().where('id', 'in', ids).where('version', '=', version).execute();
      return Promise.all(rows.map((row) => this.counted(row, tx)));
    });
  }

  /** Polls of a jam in a status (e.g. open ones to close on the next release). */
  pollsIn(jamId: string, status: PollRow['status']): Promise<PollRow[]> {
    return this.db.selectFrom('polls').selectAll().where('jam_id', '=', jamId).where('status', '=', status).execute();
  }

  /** The user's ballots in a jam, poll id → option. */
  async ballotsOf(jamId: string, userId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('poll_ballots')
      .innerJoin('polls', 'polls.id', 'poll_ballots.poll_id')
      .select(['poll_ballots.poll_id', 'poll_ballots.option'])
      .where('polls.jam_id', '=', jamId)
      .where('poll_ballots.user_id', '=', userId)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.poll_id, Number(r.option)]));
  }

  async automod(seriesId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('automod_settings').select('settings').where('series_id', '=', seriesId).executeTakeFirst())?.settings;
  }

  async setAutomod(seriesId: string, settings: string, at: string): Promise<void> {
    await this.db
      .insertInto('automod_settings')
      .values({ series_id: seriesId, settings, updated_at: at })
      .onConflict((oc) => oc.column('series_id').doUpdateSet({ settings, updated_at: at }))
      .execute();
  }

  /** How many posts with exactly this text the jam received since an instant (repeated-text rule). */
  async sameTextSince(jamId: string, text: string, since: string): Promise<number> {
    const row = await this.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('jam_id', '=', jamId).where('text', '=', text).where('created_at', '>=', since).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Posts by one author (native user id, or X handle) in a jam since an instant (rate rule). */
  async postsSince(jamId: string, author: { id: string | null; handle: string }, since: string): Promise<number> {
    let query = this.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('jam_id', '=', jamId).where('created_at', '>=', since);
    query = author.id ? query.where('author_id', '=', author.id) : query.where('author_id', 'is', null).where('author_handle', '=', author.handle);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  /** Earlier published posts of a native user anywhere (links rule). */
  async publishedPosts(userId: string): Promise<number> {
    const row = await this.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('author_id', '=', userId).where('held', '=', 0).where('hidden', '=', 0).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Republishes an automatically hidden message with the jam's next seq, so resuming viewers receive it. */
  async republish(jamId: string, messageId: string) {
    return this.db.transaction().execute(async (tx) => {
      const bumped = await tx.updateTable('jams').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', jamId).returning('last_seq').executeTakeFirstOrThrow();
      await tx.updateTable('messages').set({ held: 0, hidden: 0, hidden_reason: null, seq: Number(bumped.last_seq) }).where('id', '=', messageId).where('jam_id', '=', jamId).execute();
      return tx.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
    });
  }

  /** Team acknowledgements of a jam's messages: replies by team members, boosts by team members, with times. */
  async teamReactions(jamId: string, teamIds: string[]): Promise<{ message_id: string; at: string }[]> {
    if (teamIds.length === 0) return [];
    const replies = await this.db
      .selectFrom('messages')
      .select(['reply_to as message_id', 'created_at as at'])
      .where('jam_id', '=', jamId)
      .where('reply_to', 'is not', null)
      .where('author_id', 'in', teamIds)
      .execute();
    const boosts = await this.db
      .selectFrom('boosts')
      .innerJoin('messages', 'messages.id', 'boosts.message_id')
      .select(['boosts.message_id', 'boosts.created_at as at'])
      .where('messages.jam_id', '=', jamId)
      .where('boosts.user_id', 'in', teamIds)
      .execute();
    return [...replies.map((r) => ({ message_id: r.message_id!, at: r.at })), ...boosts];
  }

  /** Automatic-moderation entries of a jam's audit log (actions and undos), newest first. */
  automodLog(jamId: string, limit = 200) {
    return this.db.selectFrom('moderation_log').selectAll().where('jam_id', '=', jamId).where('action', 'in', ['automod.hold', 'automod.hide', 'automod.undo']).orderBy('id', 'desc').limit(limit).execute();
  }

  /** Writes an audit entry and returns its id (automatic actions are undone by that id). */
  async logReturningId(entry: Insertable<ModerationLogTable>): Promise<number> {
    const row = await this.db.insertInto('moderation_log').values(entry).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  logEntry(id: number) {
    return this.db.selectFrom('moderation_log').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** When hosts featured messages of a jam (from the audit log). */
  async featuredAt(jamId: string): Promise<{ message_id: string; at: string }[]> {
    const rows = await this.db.selectFrom('moderation_log').select(['message_id', 'created_at']).where('jam_id', '=', jamId).where('action', '=', 'message.feature').execute();
    return rows.filter((r) => r.message_id !== null).map((r) => ({ message_id: r.message_id!, at: r.created_at }));
  }
}
