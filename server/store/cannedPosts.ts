import type { Kysely } from 'kysely';
import type { CannedPost } from '../../shared/console.ts';
import type { Database } from './schema.ts';

/** A series' canned posts for the host composer. */
export class CannedPostRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** The saved list in order, or null when the hosts never saved one. */
  async of(seriesId: string): Promise<CannedPost[] | null> {
    const rows = await this.db.selectFrom('canned_posts').select(['label', 'text']).where('series_id', '=', seriesId).orderBy('position').execute();
    // An empty saved list is stored as no rows too; a series keeps the defaults until it saves one.
    return rows.length ? rows : null;
  }

  /** Replaces the whole list atomically. */
  async replace(seriesId: string, posts: CannedPost[], at: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('canned_posts').where('series_id', '=', seriesId).execute();
      if (posts.length) await tx.insertInto('canned_posts').values(posts.map((p, position) => ({ series_id: seriesId, position, label: p.label, text: p.text, updated_at: at }))).execute();
    });
  }
}
