import type { Kysely, Migration } from 'kysely';

/**
 * Whether a jam's questions are public before they are released. 1 (public) for every existing
 * jam, so what their audiences could read stays readable; a host can turn it off per jam.
 */
export function questionsPublic(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('jams').addColumn('questions_public', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('jams').dropColumn('questions_public').execute();
    },
  };
}
