import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './index.ts';

/**
 * PostgreSQL's GIN answers a typed prefix (`word:*`) by collecting every matching word's postings
 * into a bitmap before it can intersect them with the other words: 20–35 ms for a two-word query
 * whose prefix matches a few percent of a million messages. Each message's word starts (the first
 * four characters of every word that long) are kept beside its words, in the same GIN index, so a
 * prefix becomes one exact entry that GIN intersects in place and the rows found are rechecked
 * against the real prefix; FTS5's prefix indexes (014) do the same on SQLite.
 */
export function searchWordStarts(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      // pg_catalog named throughout: generated columns evaluate it under whatever search_path a writer has.
      await sql`CREATE FUNCTION search_word_starts(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT pg_catalog.array_to_tsvector(coalesce(pg_catalog.array_agg(DISTINCT pg_catalog.left(lexeme, 4)), '{}'))
          FROM pg_catalog.unnest(pg_catalog.to_tsvector('simple'::pg_catalog.regconfig, body))
         WHERE pg_catalog.length(lexeme) >= 4 $$`.execute(db);
      await sql`ALTER TABLE messages ADD COLUMN search_starts tsvector GENERATED ALWAYS AS (search_word_starts(text)) STORED`.execute(db);
      // One index over both, so GIN intersects words and word starts in one scan.
      await sql`DROP INDEX messages_search`.execute(db);
      await sql`CREATE INDEX messages_search ON messages USING gin(search, search_starts)`.execute(db);
    },
  };
}
