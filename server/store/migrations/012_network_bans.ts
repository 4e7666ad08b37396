import type { Kysely, Migration } from 'kysely';

/**
 * Bans of bridged authors (issue 19): people posting from X, Bluesky or Mastodon have no account
 * here, so a ban names them by network and the network's stable id (X user id, Bluesky DID,
 * Mastodon account URL); messages keep that id so a host can ban the author of one they see.
 */
export function networkBans(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('external_author_id', 'text').execute();
      await db.schema
        .createTable('network_bans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        // null: every jam of the series.
        .addColumn('jam_id', 'text', (c) => c.references('jams.id').onDelete('cascade'))
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        // As shown when the ban was made: the list names people, not ids (handles may change later).
        .addColumn('author_handle', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('by_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('lifted_at', 'text')
        .execute();
      await db.schema.createIndex('network_bans_author').on('network_bans').columns(['series_id', 'network', 'author_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('network_bans').ifExists().execute();
      await db.schema.alterTable('messages').dropColumn('external_author_id').execute();
    },
  };
}
