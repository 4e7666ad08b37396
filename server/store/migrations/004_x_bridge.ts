import type { Kysely, Migration } from 'kysely';

/** The X bridge: one linked account per series, the OAuth round trips in flight, what was posted, and who mirrors. */
export function xBridge(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('x_links')
        .addColumn('series_id', 'text', (c) => c.primaryKey().references('series.id').onDelete('cascade'))
        .addColumn('linked_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('x_user_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        // Sealed with AES-256-GCM under X_TOKEN_KEY: a copied database yields no usable tokens.
        .addColumn('access_token', 'text', (c) => c.notNull())
        .addColumn('refresh_token', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('ok'))
        .addColumn('last_error', 'text')
        .addColumn('rate_limited_until', 'text')
        .addColumn('last_sync_at', 'text')
        .addColumn('since_id', 'text')
        .addColumn('since_jam_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('x_oauth_requests')
        .addColumn('state', 'text', (c) => c.primaryKey())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await createXOutboundTables(db);
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['x_mirror_prefs', 'x_outbound', 'x_oauth_requests', 'x_links']) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}

/** X's posted items and mirroring choices as 004 made them (015 moves them into bridge_*, and its down makes them again). */
export async function createXOutboundTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('x_outbound')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    // Question number (as text) or message id: with jam and kind, the guard against posting twice.
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tweet_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text')
    .addUniqueConstraint('x_outbound_once', ['jam_id', 'kind', 'ref'])
    .execute();
  await db.schema.createIndex('x_outbound_tweet').on('x_outbound').column('tweet_id').execute();
  await db.schema.createIndex('x_outbound_series').on('x_outbound').columns(['series_id', 'status']).execute();

  await db.schema
    .createTable('x_mirror_prefs')
    .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('x_mirror_prefs_pk', ['series_id', 'user_id'])
    .execute();
}
