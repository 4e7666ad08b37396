import type { Kysely, Selectable } from 'kysely';
import type { Database, SeriesTable } from './schema.ts';

export type SeriesRow = Selectable<SeriesTable>;
export interface HostRow {
  user_id: string;
  handle: string;
  display_name: string;
  role: 'owner' | 'cohost';
}

export class SeriesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the series and its owner as host in one transaction. */
  async insert(series: SeriesRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('series').values(series).execute();
      await tx.insertInto('series_hosts').values({ series_id: series.id, user_id: series.owner_id, role: 'owner', created_at: series.created_at }).execute();
    });
  }

  async update(id: string, changes: Partial<Omit<SeriesRow, 'id' | 'slug' | 'hashtag' | 'hashtag_key' | 'owner_id' | 'created_at'>>): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('series').set(changes).where('id', '=', id).execute();
  }

  bySlug(slug: string): Promise<SeriesRow | undefined> {
    return this.db.selectFrom('series').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  byId(id: string): Promise<SeriesRow | undefined> {
    return this.db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byIds(ids: string[]): Promise<SeriesRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('series').selectAll().where('id', 'in', ids).execute();
  }

  byHashtagKey(key: string): Promise<SeriesRow | undefined> {
    return this.db.selectFrom('series').selectAll().where('hashtag_key', '=', key).executeTakeFirst();
  }

  list(): Promise<SeriesRow[]> {
    return this.db.selectFrom('series').selectAll().orderBy('name').execute();
  }

  hosts(seriesId: string): Promise<HostRow[]> {
    return this.db
      .selectFrom('series_hosts')
      .innerJoin('users', 'users.id', 'series_hosts.user_id')
      .select(['series_hosts.user_id', 'users.handle', 'users.display_name', 'series_hosts.role'])
      .where('series_hosts.series_id', '=', seriesId)
      .orderBy('series_hosts.created_at')
      .execute();
  }

  /** Whether the user hosts (owns or co-hosts) at least one series. */
  async hostsAny(userId: string): Promise<boolean> {
    return !!(await this.db.selectFrom('series_hosts').select('series_id').where('user_id', '=', userId).limit(1).executeTakeFirst());
  }

  async addHost(seriesId: string, userId: string, at: string): Promise<void> {
    await this.db.insertInto('series_hosts').values({ series_id: seriesId, user_id: userId, role: 'cohost', created_at: at }).onConflict((oc) => oc.doNothing()).execute();
  }
}
