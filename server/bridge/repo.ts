import type { Kysely, Selectable } from 'kysely';
import type { Store } from '../store/index.ts';
import type { Database, XLinksTable, XOauthRequestsTable } from '../store/schema.ts';

export type LinkRow = Selectable<XLinksTable>;

/** X's links and OAuth round trips (x_*), on the same database as everything else; its posts and mirroring are in the shared BridgeStore as network 'x'. */
export class BridgeRepo {
  private readonly db: Kysely<Database>;

  constructor(store: Store) {
    this.db = store.db;
  }

  link(seriesId: string): Promise<LinkRow | undefined> {
    return this.db.selectFrom('x_links').selectAll().where('series_id', '=', seriesId).executeTakeFirst();
  }

  /** Replaces any earlier link of the series (relinking starts clean). */
  async saveLink(row: LinkRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('x_links').where('series_id', '=', row.series_id).execute();
      await tx.insertInto('x_links').values(row).execute();
    });
  }

  async updateLink(seriesId: string, changes: Partial<Omit<LinkRow, 'series_id'>>): Promise<void> {
    await this.db.updateTable('x_links').set(changes).where('series_id', '=', seriesId).execute();
  }

  async deleteLink(seriesId: string): Promise<void> {
    await this.db.deleteFrom('x_links').where('series_id', '=', seriesId).execute();
  }

  async saveOauthRequest(row: XOauthRequestsTable): Promise<void> {
    await this.db.insertInto('x_oauth_requests').values(row).execute();
  }

  /** Reads and deletes in one go: a state is good for one callback only. */
  async takeOauthRequest(state: string): Promise<XOauthRequestsTable | undefined> {
    const row = await this.db.selectFrom('x_oauth_requests').selectAll().where('state', '=', state).executeTakeFirst();
    if (!row) return undefined;
    const deleted = await this.db.deleteFrom('x_oauth_requests').where('state', '=', state).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0 ? row : undefined;
  }

  async dropOauthRequestsBefore(at: string): Promise<void> {
    await this.db.deleteFrom('x_oauth_requests').where('created_at', '<', at).execute();
  }
}
