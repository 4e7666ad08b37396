import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './index.ts';

/**
 * Search pages newest-first by keyset (issue 15). SQLite already has the order: the messages
 * rowid, which its FTS5 index is keyed by and walks in either direction. PostgreSQL gets the same
 * thing, an insertion-order number, with a btree to walk it backwards (common words) while the
 * GIN index serves rare ones; `(jam_id, pos)` serves one jam's search.
 */
export function searchOrder(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`ALTER TABLE messages ADD COLUMN pos bigint GENERATED ALWAYS AS IDENTITY`.execute(db);
      await sql`CREATE UNIQUE INDEX messages_pos ON messages (pos)`.execute(db);
      await sql`CREATE INDEX messages_jam_pos ON messages (jam_id, pos)`.execute(db);
    },
  };
}
