import type { Kysely, Migration } from 'kysely';

/** Site administration (issue 20): accounts suspended site-wide by an operator (ADMIN_HANDLES). */
export function siteAdmin(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('account_suspensions')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('suspended_by', 'text', (c) => c.notNull())
        .addColumn('suspended_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
