import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { MessageRow } from './messages.ts';
import { prepared } from './prepared.ts';
import type { Database, ModerationLogTable, NetworkBansTable, PanelistInvitesTable, ReportsTable, SanctionsTable } from './schema.ts';

export type SanctionRow = Selectable<SanctionsTable>;
export type NetworkBanRow = Selectable<NetworkBansTable>;
export type ReportRow = Selectable<ReportsTable>;
export type InviteRow = Selectable<PanelistInvitesTable>;
export type LogRow = Selectable<ModerationLogTable>;

/** A sanction or ban not lifted and not expired at `now` (both tables share these columns). */
const inForce = (now: string) => sql<boolean>`lifted_at is null and (expires_at is null or expires_at > ${now})`;

/** Persistence for moderation: rules acceptance, sanctions, reports, held messages, invites, the audit log. */
export class ModerationRepo {
  /** Read on every post (and every other write to a jam), so compiled once. */
  readonly #activeInJam;
  readonly #acceptedRulesHash;

  constructor(private readonly db: Kysely<Database>) {
    this.#activeInJam = prepared<{ userId: string; seriesId: string; jamId: string; now: string }, SanctionRow>(db, (a) =>
      db
        .selectFrom('sanctions')
        .selectAll()
        .where('user_id', '=', a.userId)
        .where('series_id', '=', a.seriesId)
        .where(inForce(a.now))
        .where((eb) => eb.or([eb('jam_id', 'is', null), eb('jam_id', '=', a.jamId)])),
    );
    this.#acceptedRulesHash = prepared<{ seriesId: string; userId: string }, { rules_hash: string }>(db, (a) =>
      db.selectFrom('rules_acceptances').select('rules_hash').where('series_id', '=', a.seriesId).where('user_id', '=', a.userId),
    );
  }

  async acceptRules(seriesId: string, userId: string, rulesHash: string, at: string): Promise<void> {
    await this.db
      .insertInto('rules_acceptances')
      .values({ series_id: seriesId, user_id: userId, rules_hash: rulesHash, accepted_at: at })
      .onConflict((oc) => oc.columns(['series_id', 'user_id']).doUpdateSet({ rules_hash: rulesHash, accepted_at: at }))
      .execute();
  }

  async acceptedRulesHash(seriesId: string, userId: string): Promise<string | undefined> {
    return (await this.#acceptedRulesHash({ seriesId, userId }))[0]?.rules_hash;
  }

  async insertSanction(row: SanctionRow): Promise<void> {
    await this.db.insertInto('sanctions').values(row).execute();
  }

  /** Sanctions in force for a user in a jam: series-wide ones and those of that jam. */
  activeSanctions(userId: string, seriesId: string, jamId: string | null, now: string): Promise<SanctionRow[]> {
    if (jamId !== null) return this.#activeInJam({ userId, seriesId, jamId, now });
    return this.db
      .selectFrom('sanctions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('series_id', '=', seriesId)
      .where(inForce(now))
      .where('jam_id', 'is', null)
      .execute();
  }

  /** Every sanction in force in a series (all its jams), newest first. */
  seriesSanctions(seriesId: string, now: string): Promise<SanctionRow[]> {
    return this.db
      .selectFrom('sanctions')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where(inForce(now))
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

  async insertNetworkBan(row: NetworkBanRow): Promise<void> {
    await this.db.insertInto('network_bans').values(row).execute();
  }

  /** Which of these authors of one network are banned in a jam now (series-wide or that jam's bans). */
  async bannedNetworkAuthors(seriesId: string, jamId: string, network: NetworkBanRow['network'], authorIds: string[], now: string): Promise<Set<string>> {
    if (authorIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('network_bans')
      .select('author_id')
      .where('series_id', '=', seriesId)
      .where('network', '=', network)
      .where('author_id', 'in', authorIds)
      .where(inForce(now))
      .where((eb) => eb.or([eb('jam_id', 'is', null), eb('jam_id', '=', jamId)]))
      .execute();
    return new Set(rows.map((r) => r.author_id));
  }

  /** Every bridged author's ban in force in a series (all its jams), newest first. */
  seriesNetworkBans(seriesId: string, now: string): Promise<NetworkBanRow[]> {
    return this.db
      .selectFrom('network_bans')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where(inForce(now))
      .orderBy('created_at', 'desc')
      .execute();
  }

  /** Lifts a bridged author's bans in exactly one scope (a jam, or the series when jamId is null); returns the rows lifted. */
  async liftNetworkBans(seriesId: string, network: NetworkBanRow['network'], authorId: string, jamId: string | null, at: string): Promise<NetworkBanRow[]> {
    const scope = this.db
      .selectFrom('network_bans')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where('network', '=', network)
      .where('author_id', '=', authorId)
      .where('lifted_at', 'is', null)
      .where((eb) => (jamId === null ? eb('jam_id', 'is', null) : eb('jam_id', '=', jamId)));
    const rows = await scope.execute();
    if (rows.length > 0) await this.db.updateTable('network_bans').set({ lifted_at: at }).where('id', 'in', rows.map((r) => r.id)).execute();
    return rows;
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

  /** Hidden (not held) messages of a jam, newest first, each with the latest hide entry of the audit log. */
  async hiddenOf(jamId: string): Promise<{ row: MessageRow; hide: LogRow | undefined }[]> {
    const rows = await this.db.selectFrom('messages').selectAll().where('jam_id', '=', jamId).where('hidden', '=', 1).where('held', '=', 0).orderBy('seq', 'desc').limit(500).execute();
    if (rows.length === 0) return [];
    const hides = await this.db
      .selectFrom('moderation_log')
      .selectAll()
      .where('jam_id', '=', jamId)
      .where('action', '=', 'message.hide')
      .where('message_id', 'in', rows.map((r) => r.id))
      .orderBy('id')
      .execute();
    const latest = new Map(hides.map((h) => [h.message_id, h]));
    return rows.map((row) => ({ row, hide: latest.get(row.id) }));
  }

  invitesOf(jamId: string): Promise<InviteRow[]> {
    return this.db.selectFrom('panelist_invites').selectAll().where('jam_id', '=', jamId).orderBy('created_at', 'desc').execute();
  }

  async deleteInvite(jamId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('panelist_invites').where('jam_id', '=', jamId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Audit entries of one kind in a jam (who joined by invite, …), oldest first. */
  logOfJam(jamId: string, action: string): Promise<LogRow[]> {
    return this.db.selectFrom('moderation_log').selectAll().where('jam_id', '=', jamId).where('action', '=', action).orderBy('id').execute();
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
