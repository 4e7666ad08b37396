import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './index.ts';

/**
 * SQLite's FTS5 answers a prefix query by merging every matching word's doclist, which for a
 * short prefix typed into search is much of the archive (13 ms p95 over a million messages);
 * prefix indexes of 2–4 characters make those a single lookup (4 ms), for about a quarter more
 * index. The table is rebuilt from `messages` (external content); the triggers name it, not its
 * definition, so they keep working.
 */
export function searchPrefixes(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      await sql`DROP TABLE messages_fts`.execute(db);
      await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')`.execute(db);
      await sql`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`.execute(db);
    },
  };
}
