import type { Kysely, Migration } from 'kysely';

/**
 * After the jam and between jams: recap stories (a draft plus published versions), per-series embed
 * settings, account emails with their single-use tokens, reminder/recap subscriptions, per-series
 * mail preferences, and the persisted mail queue.
 */
export function recaps(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('recaps')
        .addColumn('jam_id', 'text', (c) => c.primaryKey().references('jams.id').onDelete('cascade'))
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        // The draft as JSON (cover line + ordered blocks); bumped on every save for conflict detection.
        .addColumn('draft', 'text', (c) => c.notNull())
        .addColumn('draft_version', 'integer', (c) => c.notNull())
        .addColumn('published_version', 'integer')
        .addColumn('published_at', 'text')
        // Ids of quoted messages hidden after publication, until a host has seen the notice (JSON array).
        .addColumn('hidden_notice', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recaps_series').on('recaps').columns(['series_id', 'published_at']).execute();

      await db.schema
        .createTable('recap_versions')
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('recap_versions_pk', ['jam_id', 'version'])
        .execute();

      await db.schema
        .createTable('embed_settings')
        .addColumn('series_id', 'text', (c) => c.primaryKey().references('series.id').onDelete('cascade'))
        // Space-separated origins allowed to frame this series' widgets (CSP frame-ancestors).
        .addColumn('frame_ancestors', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('user_emails')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_key', 'text', (c) => c.notNull().unique())
        .addColumn('verified_at', 'text')
        .addColumn('unsubscribe_token', 'text', (c) => c.notNull().unique())
        .addColumn('time_zone', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('email_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();

      await db.schema
        .createTable('mail_subscriptions')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('enqueued_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mail_subscriptions_pk', ['user_id', 'jam_id', 'kind'])
        .execute();
      await db.schema.createIndex('mail_subscriptions_due').on('mail_subscriptions').columns(['enqueued_at', 'due_at']).execute();

      await db.schema
        .createTable('series_mail_prefs')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('muted', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('series_mail_prefs_pk', ['user_id', 'series_id'])
        .execute();

      await db.schema
        .createTable('mail_outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // What makes a mail "the same mail": inserting it twice is a no-op.
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('attachments', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('transport', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
      await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ['mail_outbox', 'series_mail_prefs', 'mail_subscriptions', 'email_tokens', 'user_emails', 'embed_settings', 'recap_versions', 'recaps']) await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
