import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The site operators' own log: suspensions, their lifting and take-overs, kept after a suspension
 * row is gone (lifting deletes it), so who suspended whom, who lifted it and when stays on record.
 */
export function siteLog(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('site_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_user_id', 'text')
        .addColumn('series_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('site_log_created').on('site_log').columns(['created_at', 'id']).execute();
      // What happened before the log existed: the suspensions still standing.
      await sql`INSERT INTO site_log (id, actor_id, action, target_user_id, reason, created_at)
        SELECT 'before-log-' || user_id, suspended_by, 'account.suspend', user_id, reason, suspended_at FROM account_suspensions`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('site_log').execute();
    },
  };
}
