import type { Kysely, Migration } from 'kysely';

/** The host console: each series' canned posts (welcome, rules reminder, last minutes, thanks), edited by its hosts. */
export function hostConsole(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('canned_posts')
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('canned_posts_pk', ['series_id', 'position'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('canned_posts').execute();
    },
  };
}
