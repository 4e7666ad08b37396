import type { Kysely, Migration } from 'kysely';

/**
 * Metrics (issue 8): viewer visits counted without raw IPs (daily-salted hashes), per-minute
 * viewer samples, and outbound webhooks with their delivery log.
 */
export function metrics(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One random salt per UTC day; a day's hashes cannot be linked to another day's.
      await db.schema
        .createTable('viewer_salts')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('salt', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('jam_visits')
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        /** hex HMAC-SHA256(day's salt, "user:<id>" or "anon:<ip>|<user agent>"). */
        .addColumn('visitor', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('jam_visits_pk', ['jam_id', 'visitor'])
        .execute();

      await db.schema
        .createTable('jam_viewer_minutes')
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('minute', 'text', (c) => c.notNull())
        .addColumn('viewers', 'integer', (c) => c.notNull())
        .addColumn('lurkers', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('jam_viewer_minutes_pk', ['jam_id', 'minute'])
        .execute();

      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_series').on('webhooks').column('series_id').execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
        .addColumn('series_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text')
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .execute();
      await db.schema.createIndex('webhook_deliveries_series').on('webhook_deliveries').columns(['series_id', 'created_at']).execute();
      await db.schema.createIndex('webhook_deliveries_pending').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id').onDelete('cascade'))
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'n'])
        .execute();

      // Messages whose "featured" has been announced; a boost on a featured message announces nothing.
      await db.schema
        .createTable('featured_announcements')
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
