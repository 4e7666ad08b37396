import { sql, type Kysely, type Selectable } from 'kysely';
import type { AccountSuspensionsTable, Database, SiteLogTable } from './schema.ts';
import type { ReportRow } from './moderation.ts';

export type SuspensionRow = Selectable<AccountSuspensionsTable>;
export type SiteLogRow = Selectable<SiteLogTable>;

/** One series as the site operator's overview lists it. */
export interface SeriesOverviewRow {
  id: string;
  slug: string;
  name: string;
  hashtag: string;
  owner_id: string;
  owner_handle: string;
  owner_name: string;
  created_at: string;
  jam_count: number | string;
  last_start: string | null;
  next_start: string | null;
}

/** Queries across every series and account, for site operators only. */
export class AdminRepo {
  constructor(private readonly db: Kysely<Database>) {}

  seriesOverview(now: string): Promise<SeriesOverviewRow[]> {
    return this.db
      .selectFrom('series')
      .innerJoin('users', 'users.id', 'series.owner_id')
      .select(['series.id', 'series.slug', 'series.name', 'series.hashtag', 'series.owner_id', 'users.handle as owner_handle', 'users.display_name as owner_name', 'series.created_at'])
      .select((eb) => [
        eb.selectFrom('jams').select((j) => j.fn.countAll<number | string>().as('n')).whereRef('jams.series_id', '=', 'series.id').as('jam_count'),
        eb.selectFrom('jams').select((j) => j.fn.max('jams.starts_at').as('s')).whereRef('jams.series_id', '=', 'series.id').where('jams.starts_at', '<=', now).as('last_start'),
        eb.selectFrom('jams').select((j) => j.fn.min('jams.starts_at').as('s')).whereRef('jams.series_id', '=', 'series.id').where('jams.starts_at', '>', now).as('next_start'),
      ])
      .orderBy('series.name')
      .execute() as Promise<SeriesOverviewRow[]>;
  }

  suspensionOf(userId: string): Promise<SuspensionRow | undefined> {
    return this.db.selectFrom('account_suspensions').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  suspensions(): Promise<(SuspensionRow & { handle: string; display_name: string; by_handle: string | null })[]> {
    return this.db
      .selectFrom('account_suspensions')
      .innerJoin('users', 'users.id', 'account_suspensions.user_id')
      .leftJoin('users as by', 'by.id', 'account_suspensions.suspended_by')
      .selectAll('account_suspensions')
      .select(['users.handle', 'users.display_name', 'by.handle as by_handle'])
      .orderBy('account_suspensions.suspended_at', 'desc')
      .execute();
  }

  /** Suspends and signs the account out everywhere in one transaction; returns the closed session ids. */
  async suspend(row: SuspensionRow, log: SiteLogRow): Promise<string[]> {
    return this.db.transaction().execute(async (tx) => {
      await tx.insertInto('account_suspensions').values(row).execute();
      await tx.insertInto('site_log').values(log).execute();
      const sessions = await tx.selectFrom('sessions').select('id').where('user_id', '=', row.user_id).execute();
      await tx.deleteFrom('sessions').where('user_id', '=', row.user_id).execute();
      return sessions.map((s) => s.id);
    });
  }

  /** Lifts a suspension and logs it in one transaction; false when there was none. */
  async lift(userId: string, log: SiteLogRow): Promise<boolean> {
    return this.db.transaction().execute(async (tx) => {
      const result = await tx.deleteFrom('account_suspensions').where('user_id', '=', userId).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await tx.insertInto('site_log').values(log).execute();
      return true;
    });
  }

  /** The operators' log, newest first, with the handles and series it names. */
  siteLog(limit: number): Promise<(SiteLogRow & { actor_handle: string | null; target_handle: string | null; target_name: string | null; series_slug: string | null; series_name: string | null })[]> {
    return this.db
      .selectFrom('site_log')
      .leftJoin('users as actor', 'actor.id', 'site_log.actor_id')
      .leftJoin('users as target', 'target.id', 'site_log.target_user_id')
      .leftJoin('series', 'series.id', 'site_log.series_id')
      .selectAll('site_log')
      .select(['actor.handle as actor_handle', 'target.handle as target_handle', 'target.display_name as target_name', 'series.slug as series_slug', 'series.name as series_name'])
      .orderBy('site_log.created_at', 'desc')
      .orderBy('site_log.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** The operator becomes the series' owner; the previous owner stays on as a co-host. */
  async takeOver(seriesId: string, previousOwnerId: string, newOwnerId: string, at: string, log: SiteLogRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('site_log').values(log).execute();
      await tx.updateTable('series').set({ owner_id: newOwnerId }).where('id', '=', seriesId).execute();
      await tx.updateTable('series_hosts').set({ role: 'cohost' }).where('series_id', '=', seriesId).where('user_id', '=', previousOwnerId).execute();
      await tx
        .insertInto('series_hosts')
        .values({ series_id: seriesId, user_id: newOwnerId, role: 'owner', created_at: at })
        .onConflict((oc) => oc.columns(['series_id', 'user_id']).doUpdateSet({ role: 'owner' }))
        .execute();
    });
  }

  /**
   * Open reports the hosts cannot be left alone with: older than `before` (nobody acted), on a
   * message reported by `crowd` or more people, or on a message written by a host of its series.
   */
  escalatedReports(before: string, crowd: number): Promise<(ReportRow & { reporters: number | string; author_is_host: number | string })[]> {
    return this.db
      .selectFrom('reports')
      .innerJoin('messages', 'messages.id', 'reports.message_id')
      .innerJoin('jams', 'jams.id', 'reports.jam_id')
      .selectAll('reports')
      .select((eb) => [
        eb.selectFrom('reports as r2').select((r) => r.fn.countAll<number | string>().as('n')).whereRef('r2.message_id', '=', 'reports.message_id').where('r2.resolved_at', 'is', null).as('reporters'),
        eb
          .selectFrom('series_hosts')
          .select((h) => h.fn.countAll<number | string>().as('n'))
          .whereRef('series_hosts.series_id', '=', 'jams.series_id')
          .whereRef('series_hosts.user_id', '=', 'messages.author_id')
          .as('author_is_host'),
      ])
      .where('reports.resolved_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('reports.created_at', '<', before),
          eb(eb.selectFrom('reports as r3').select((r) => r.fn.countAll().as('n')).whereRef('r3.message_id', '=', 'reports.message_id').where('r3.resolved_at', 'is', null), '>=', sql<number>`${crowd}`),
          eb.exists(eb.selectFrom('series_hosts').select('series_hosts.user_id').whereRef('series_hosts.series_id', '=', 'jams.series_id').whereRef('series_hosts.user_id', '=', 'messages.author_id')),
        ]),
      )
      .orderBy('reports.created_at')
      .limit(200)
      .execute() as Promise<(ReportRow & { reporters: number | string; author_is_host: number | string })[]>;
  }
}
