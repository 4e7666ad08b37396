import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from './index.ts';

export function initial(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) => c.notNull())
        .addColumn('handle_key', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('avatar_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await db.schema
        .createTable('series')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('hashtag', 'text', (c) => c.notNull())
        .addColumn('hashtag_key', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('rules', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('default_duration_min', 'integer', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('series_hosts')
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('series_hosts_pk', ['series_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('jams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('duration_min', 'integer', (c) => c.notNull())
        .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('announced_status', 'text', (c) => c.notNull().defaultTo('scheduled'))
        .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('jams_series').on('jams').columns(['series_id', 'starts_at']).execute();
      await db.schema.createIndex('jams_announced').on('jams').columns(['announced_status', 'starts_at']).execute();

      await db.schema
        .createTable('questions')
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('offset_min', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('questions_pk', ['jam_id', 'n'])
        .execute();

      await db.schema
        .createTable('jam_panelists')
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('jam_panelists_pk', ['jam_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('show_actions')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey().notNull())
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('minutes', 'integer')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by_user_id', 'text')
        .execute();
      await db.schema.createIndex('show_actions_jam').on('show_actions').columns(['jam_id', 'id']).execute();

      await db.schema
        .createTable('question_releases')
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('released_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('question_releases_pk', ['jam_id', 'n'])
        .execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('users.id'))
        .addColumn('author_handle', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('author_role', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('question', 'integer')
        .addColumn('reply_to', 'text')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('native'))
        .addColumn('external_id', 'text')
        .addColumn('external_url', 'text')
        .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('hidden_reason', 'text')
        .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('boost_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('messages_jam_seq', ['jam_id', 'seq'])
        .addUniqueConstraint('messages_jam_client', ['jam_id', 'client_id'])
        .execute();
      await db.schema
        .createTable('boosts')
        .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('boosts_pk', ['message_id', 'user_id'])
        .execute();
      await db.schema.createIndex('messages_author').on('messages').columns(['author_id', 'jam_id']).execute();

      if (dialect === 'sqlite') {
        // External-content FTS5 index kept in step by triggers; rowid is the messages rowid.
        await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(db);
        await sql`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
        await sql`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END`.execute(db);
        await sql`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
          INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
      } else {
        await sql`ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED`.execute(db);
        await sql`CREATE INDEX messages_search ON messages USING gin(search)`.execute(db);
      }
    },
  };
}
