import type { Kysely, Migration } from 'kysely';

/**
 * Open-network bridges (Bluesky, Mastodon, and any later network): one link per series and
 * network with sealed credentials, per-instance OAuth apps, the outbound queue (claimed once),
 * per-person mirroring, and the inbound reader leases that keep one reader per network per jam
 * across nodes (the X poller takes its lease here too, as network 'x').
 */
export function openBridges(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bridge_links')
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('linked_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        // The account's home: a PDS or Mastodon instance origin.
        .addColumn('instance', 'text', (c) => c.notNull())
        // Sealed JSON (AES-256-GCM under BRIDGE_TOKEN_KEY): app password or access token.
        .addColumn('credentials', 'text', (c) => c.notNull())
        // The network's post length for this account (Mastodon instances configure their own).
        .addColumn('max_chars', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('ok'))
        .addColumn('last_error', 'text')
        .addColumn('rate_limited_until', 'text')
        .addColumn('last_sync_at', 'text')
        // Where the next hashtag read starts, for cursor_jam_id only (a new jam starts from its own start).
        .addColumn('cursor', 'text')
        .addColumn('cursor_jam_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('bridge_links_pk', ['series_id', 'network'])
        .execute();

      await db.schema
        .createTable('bridge_apps')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('bridge_apps_pk', ['network', 'instance', 'redirect_uri'])
        .execute();

      await db.schema
        .createTable('bridge_oauth_requests')
        .addColumn('state', 'text', (c) => c.primaryKey())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('bridge_outbound')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        // The network's id of the post (at:// URI, status id), its global key (URI, status URL), its web page.
        .addColumn('post_id', 'text')
        .addColumn('post_key', 'text')
        .addColumn('post_url', 'text')
        // What a reply to it needs besides the id (Bluesky: the record's cid), as JSON.
        .addColumn('post_meta', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('posted_at', 'text')
        .addUniqueConstraint('bridge_outbound_once', ['network', 'jam_id', 'kind', 'ref'])
        .execute();
      await db.schema.createIndex('bridge_outbound_post').on('bridge_outbound').columns(['jam_id', 'post_id']).execute();

      await db.schema
        .createTable('bridge_mirror_prefs')
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('bridge_mirror_prefs_pk', ['series_id', 'network', 'user_id'])
        .execute();

      await db.schema
        .createTable('bridge_leases')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('jam_id', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('bridge_leases_pk', ['network', 'jam_id'])
        .execute();
      // Inbound messages are looked up by the network's id when a reply names its parent.
      await db.schema.createIndex('messages_external').on('messages').columns(['jam_id', 'external_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('messages_external').ifExists().execute();
      for (const table of ['bridge_leases', 'bridge_mirror_prefs', 'bridge_outbound', 'bridge_oauth_requests', 'bridge_apps', 'bridge_links']) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
