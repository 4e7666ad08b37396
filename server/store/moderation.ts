import type { Insertable, Kysely, Selectable } from 'kysely';
import type { MessageRow } from './messages.ts';
import type { Database, ModerationLogTable, PanelistInvitesTable, ReportsTable, SanctionsTable } from './schema.ts';

export type SanctionRow = Selectable<SanctionsTable>;
export type ReportRow = Selectable<ReportsTable>;
export type InviteRow = Selectable<PanelistInvitesTable>;
export type LogRow = Selectable<ModerationLogTable>;

/** Persistence for moderation: rules acceptance, sanctions, reports, held messages, invites, the audit log. */
export class ModerationRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async acceptRules(seriesId: string, userId: string, rulesHash: string, at: string): Promise<void> {
    await this.db
      .insertInto('rules_acceptances')
      .values({ series_id: seriesId, user_id: userId, rules_hash: rulesHash, accepted_at: at })
      .onConflict((oc) => oc.columns(['series_id', 'user_id']).doUpdateSet({ rules_hash: rulesHash, accepted_at: at }))
      .execute();
  }

  async acceptedRulesHash(seriesId: string, userId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('rules_acceptances').select('rules_hash').where('series_id', '=', seriesId).where('user_id', '=', userId).executeTakeFirst();
    return row?.rules_hash;
  }

  async insertSanction(row: SanctionRow): Promise<void> {
    await this.db.insertInto('sanctions').values(row).execute();
  }

  /** Sanctions in force for a user in a jam: series-wide ones and those of that jam. */
  activeSanctions(userId: string, seriesId: string, jamId: string | null, now: string): Promise<SanctionRow[]> {
    return this.db
      .selectFrom('sanctions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('series_id', '=', seriesId)
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .where((eb) => (jamId === null ? eb('jam_id', 'is', null) : eb.or([eb('jam_id', 'is', null), eb('jam_id', '=', jamId)])))
      .execute();
  }

  /** Every sanction in force in a series (all its jams), newest first. */
  seriesSanctions(seriesId: string, now: string): Promise<SanctionRow[]> {
    return this.db
      .selectFrom('sanctions')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where('lifted_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Lifts a user's sanctions of one kind in exactly one scope (a jam, or the series when jamId is null). */
  async liftSanctions(userId: string, seriesId: string, jamId: string | null, kind: SanctionRow['kind'], at: string): Promise<number> {
    const result = await this.db
      .updateTable('sanctions')
      .set({ lifted_at: at })
      .where('user_id', '=', userId)
      .where('series_id', '=', seriesId)
      .where('kind', '=', kind)
      .where('lifted_at', 'is', null)
      .where((eb) => (jamId === null ? eb('jam_id', 'is', null) : eb('jam_id', '=', jamId)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** False when this reporter already reported this message. */
  async insertReport(row: ReportRow): Promise<boolean> {
    const result = await this.db.insertInto('reports').values(row).onConflict((oc) => oc.columns(['message_id', 'reporter_id']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  reportById(id: string): Promise<ReportRow | undefined> {
    return this.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  openReports(jamId: string): Promise<ReportRow[]> {
    return this.db.selectFrom('reports').selectAll().where('jam_id', '=', jamId).where('resolved_at', 'is', null).orderBy('created_at').execute();
  }

  /** Resolves every open report about a message (it was hidden or deleted). */
  async resolveReportsOf(messageId: string, resolution: NonNullable<ReportRow['resolution']>, by: string, at: string): Promise<void> {
    await this.db.updateTable('reports').set({ resolved_at: at, resolved_by: by, resolution }).where('message_id', '=', messageId).where('resolved_at', 'is', null).execute();
  }

  async resolveReport(id: string, resolution: NonNullable<ReportRow['resolution']>, by: string, at: string): Promise<boolean> {
    const result = await this.db.updateTable('reports').set({ resolved_at: at, resolved_by: by, resolution }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Messages awaiting approval, oldest first. */
  held(jamId: string): Promise<MessageRow[]> {
    return this.db.selectFrom('messages').selectAll().where('jam_id', '=', jamId).where('held', '=', 1).orderBy('seq').execute();
  }

  /**
   * Publishes a held message with the jam's next seq, so a viewer resuming from the seq it has
   * receives it (an approved message appears when approved, not back where it was written).
   */
  async approve(jamId: string, messageId: string): Promise<MessageRow | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('messages').select('id').where('id', '=', messageId).where('jam_id', '=', jamId).where('held', '=', 1).executeTakeFirst();
      if (!row) return undefined;
      const bumped = await tx.updateTable('jams').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', jamId).returning('last_seq').executeTakeFirstOrThrow();
      await tx.updateTable('messages').set({ held: 0, hidden: 0, hidden_reason: null, seq: Number(bumped.last_seq) }).where('id', '=', messageId).execute();
      return tx.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
    });
  }

  async deleteMessage(messageId: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('boosts').where('message_id', '=', messageId).execute();
      await tx.deleteFrom('reports').where('message_id', '=', messageId).execute();
      await tx.deleteFrom('messages').where('id', '=', messageId).execute();
    });
  }

  /** When the user last posted in a jam (for slow mode), or undefined. */
  async lastPostAt(jamId: string, userId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('messages').select((eb) => eb.fn.max('created_at').as('at')).where('jam_id', '=', jamId).where('author_id', '=', userId).executeTakeFirst();
    return row?.at ?? undefined;
  }

  /** True when any message of the user in this series has been published (not held). */
  async hasPublished(seriesId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('messages')
      .innerJoin('jams', 'jams.id', 'messages.jam_id')
      .select('messages.id')
      .where('messages.author_id', '=', userId)
      .where('jams.series_id', '=', seriesId)
      .where('messages.held', '=', 0)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async setJamModeration(jamId: string, changes: { slow_mode_sec?: number; premoderation?: number }): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('jams').set(changes).where('id', '=', jamId).execute();
  }

  async insertInvite(row: InviteRow): Promise<void> {
    await this.db.insertInto('panelist_invites').values(row).execute();
  }

  inviteById(id: string): Promise<InviteRow | undefined> {
    return this.db.selectFrom('panelist_invites').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Spends one use of a live invite; false when none is left or it has expired. */
  async spendInvite(id: string, now: string): Promise<boolean> {
    const result = await this.db
      .updateTable('panelist_invites')
      .set((eb) => ({ uses_left: eb('uses_left', '-', 1) }))
      .where('id', '=', id)
      .where('uses_left', '>', 0)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addPanelist(jamId: string, userId: string): Promise<void> {
    await this.db.insertInto('jam_panelists').values({ jam_id: jamId, user_id: userId }).onConflict((oc) => oc.doNothing()).execute();
  }

  async removePanelist(jamId: string, userId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('jam_panelists').where('jam_id', '=', jamId).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async removeCohost(seriesId: string, userId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('series_hosts').where('series_id', '=', seriesId).where('user_id', '=', userId).where('role', '=', 'cohost').executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async log(entry: Insertable<ModerationLogTable>): Promise<void> {
    await this.db.insertInto('moderation_log').values(entry).execute();
  }

  /** Audit entries of a series (optionally one jam), newest first, before an id for paging. */
  logOf(seriesId: string, options: { jamId?: string; before?: number; limit: number }): Promise<LogRow[]> {
    let query = this.db.selectFrom('moderation_log').selectAll().where('series_id', '=', seriesId).orderBy('id', 'desc').limit(options.limit);
    if (options.jamId) query = query.where('jam_id', '=', options.jamId);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    return query.execute();
  }
}
