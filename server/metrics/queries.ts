import { sql, type Kysely } from 'kysely';
import type { ViewerMinute } from '../../shared/reports.ts';
import type { Database } from '../store/schema.ts';
import { authorKey } from './people.ts';

/** Read side of the reports: thin queries, the figures themselves are computed in report.ts/community.ts. */
export class MetricsQueries {
  constructor(readonly db: Kysely<Database>) {}

  visits(jamId: string): Promise<{ visitor: string; handle: string | null }[]> {
    return this.db
      .selectFrom('jam_visits')
      .leftJoin('users', 'users.id', 'jam_visits.user_id')
      .select(['jam_visits.visitor', 'users.handle'])
      .where('jam_visits.jam_id', '=', jamId)
      .execute();
  }

  async minutes(jamId: string): Promise<ViewerMinute[]> {
    const rows = await this.db.selectFrom('jam_viewer_minutes').select(['minute', 'viewers', 'lurkers']).where('jam_id', '=', jamId).orderBy('minute').execute();
    return rows.map((r) => ({ minute: r.minute, viewers: Number(r.viewers), lurkers: Number(r.lurkers) }));
  }

  /** authorKey()s of everyone with a visible post in the series' jams planned before `before`. */
  async priorAuthors(seriesId: string, before: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('messages')
      .innerJoin('jams', 'jams.id', 'messages.jam_id')
      .select(['messages.source', 'messages.author_handle'])
      .distinct()
      .where('jams.series_id', '=', seriesId)
      .where('jams.starts_at', '<', before)
      .where('messages.hidden', '=', 0)
      .execute();
    return new Set(rows.map((r) => authorKey(r.source, r.author_handle)));
  }

  /** Visible-message counts per jam and author across a series. */
  async seriesAuthors(seriesId: string): Promise<{ jam_id: string; source: Database['messages']['source']; author_handle: string; author_name: string; messages: number }[]> {
    const rows = await this.db
      .selectFrom('messages')
      .innerJoin('jams', 'jams.id', 'messages.jam_id')
      .select(['messages.jam_id', 'messages.source', 'messages.author_handle'])
      .select((eb) => [eb.fn.max('messages.author_name').as('author_name'), eb.fn.countAll<number>().as('messages')])
      .where('jams.series_id', '=', seriesId)
      .where('messages.hidden', '=', 0)
      .groupBy(['messages.jam_id', 'messages.source', 'messages.author_handle'])
      .execute();
    return rows.map((r) => ({ ...r, author_name: String(r.author_name), messages: Number(r.messages) }));
  }

  seriesVisitors(seriesId: string): Promise<{ jam_id: string; visitor: string }[]> {
    return this.db.selectFrom('jam_visits').innerJoin('jams', 'jams.id', 'jam_visits.jam_id').select(['jam_visits.jam_id', 'jam_visits.visitor']).where('jams.series_id', '=', seriesId).execute();
  }

  /** The day's salt, created on first use; a lost race between nodes reads the winner's. */
  async saltFor(day: string, fresh: () => string): Promise<string> {
    const existing = await this.db.selectFrom('viewer_salts').select('salt').where('day', '=', day).executeTakeFirst();
    if (existing) return existing.salt;
    await this.db.insertInto('viewer_salts').values({ day, salt: fresh() }).onConflict((oc) => oc.column('day').doNothing()).execute();
    return (await this.db.selectFrom('viewer_salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow()).salt;
  }

  /** Salts of days before `day` are dropped, so yesterday's visitors can no longer be re-identified. */
  async forgetSaltsBefore(day: string): Promise<void> {
    await this.db.deleteFrom('viewer_salts').where('day', '<', day).execute();
  }

  async addVisit(visit: { jam_id: string; visitor: string; user_id: string | null; day: string; first_seen: string }): Promise<void> {
    await this.db.insertInto('jam_visits').values(visit).onConflict((oc) => oc.columns(['jam_id', 'visitor']).doNothing()).execute();
  }

  /** Keeps the highest concurrent counts seen in each minute. */
  async sampleMinute(sample: { jam_id: string; minute: string; viewers: number; lurkers: number }): Promise<void> {
    await this.db
      .insertInto('jam_viewer_minutes')
      .values(sample)
      .onConflict((oc) =>
        oc.columns(['jam_id', 'minute']).doUpdateSet({
          viewers: sql<number>`CASE WHEN jam_viewer_minutes.viewers > excluded.viewers THEN jam_viewer_minutes.viewers ELSE excluded.viewers END`,
          lurkers: sql<number>`CASE WHEN jam_viewer_minutes.lurkers > excluded.lurkers THEN jam_viewer_minutes.lurkers ELSE excluded.lurkers END`,
        }),
      )
      .execute();
  }
}
