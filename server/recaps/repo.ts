import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, RecapsTable, RecapVersionsTable } from '../store/schema.ts';

export type RecapRow = Selectable<RecapsTable>;
export type RecapVersionRow = Selectable<RecapVersionsTable>;

/** Recap drafts and their published versions. */
export class RecapRepo {
  constructor(private readonly db: Kysely<Database>) {}

  byJam(jamId: string): Promise<RecapRow | undefined> {
    return this.db.selectFrom('recaps').selectAll().where('jam_id', '=', jamId).executeTakeFirst();
  }

  /** Inserts the first draft; false when someone else saved one first. */
  async insertDraft(row: RecapRow): Promise<boolean> {
    const result = await this.db.insertInto('recaps').values(row).onConflict((oc) => oc.column('jam_id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Compare-and-set on the draft version: false when the draft moved on since `fromVersion`. */
  async saveDraft(jamId: string, fromVersion: number, draft: string, userId: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable('recaps')
      .set({ draft, draft_version: fromVersion + 1, updated_by: userId, updated_at: at })
      .where('jam_id', '=', jamId)
      .where('draft_version', '=', fromVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Records a new published version and points the recap at it, together. */
  async publish(version: RecapVersionRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('recap_versions').values(version).execute();
      await tx.updateTable('recaps').set({ published_version: version.version, published_at: version.published_at, hidden_notice: '[]' }).where('jam_id', '=', version.jam_id).execute();
    });
  }

  version(jamId: string, version: number): Promise<RecapVersionRow | undefined> {
    return this.db.selectFrom('recap_versions').selectAll().where('jam_id', '=', jamId).where('version', '=', version).executeTakeFirst();
  }

  async latestVersionNumber(jamId: string): Promise<number> {
    const row = await this.db.selectFrom('recap_versions').select((eb) => eb.fn.max('version').as('v')).where('jam_id', '=', jamId).executeTakeFirst();
    return Number(row?.v ?? 0);
  }

  setHiddenNotice(jamId: string, ids: string[]): Promise<unknown> {
    return this.db.updateTable('recaps').set({ hidden_notice: JSON.stringify(ids) }).where('jam_id', '=', jamId).execute();
  }

  /** Published recaps of a series, newest first, with their current version's body. */
  publishedOfSeries(seriesId: string, limit: number): Promise<(RecapRow & { body: string })[]> {
    return this.publishedQuery().where('recaps.series_id', '=', seriesId).orderBy('recaps.published_at', 'desc').limit(limit).execute();
  }

  /** Published recaps whose body (cover, headings, notes) mentions the words, newest first. */
  searchPublished(text: string, limit: number): Promise<(RecapRow & { body: string })[]> {
    const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.publishedQuery()
      .innerJoin('jams', 'jams.id', 'recaps.jam_id')
      .where((eb) => eb.or([eb(sql`lower(recap_versions.body)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(jams.title)`, 'like', sql`${pattern} escape '\\'`)]))
      .orderBy('recaps.published_at', 'desc')
      .limit(limit)
      .execute();
  }

  private publishedQuery() {
    return this.db
      .selectFrom('recaps')
      .innerJoin('recap_versions', (join) => join.onRef('recap_versions.jam_id', '=', 'recaps.jam_id').onRef('recap_versions.version', '=', 'recaps.published_version'))
      .selectAll('recaps')
      .select('recap_versions.body');
  }
}
