import type { Kysely, Migration } from 'kysely';
import type { Dialect } from './index.ts';

/**
 * Accounts, roles and moderation: rules acceptance, mutes/bans, reports, panelist invites, the
 * audit log, and per-jam slow mode / pre-moderation. Held (pre-moderated) messages are stored
 * hidden with `held = 1`, so every visible-only query already leaves them out.
 */
export function security(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // SQLite takes one ADD COLUMN per ALTER TABLE.
      await db.schema.alterTable('jams').addColumn('slow_mode_sec', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('jams').addColumn('premoderation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('messages').addColumn('held', 'integer', (c) => c.notNull().defaultTo(0)).execute();

      await db.schema
        .createTable('rules_acceptances')
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('rules_hash', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rules_acceptances_pk', ['series_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('sanctions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('jam_id', 'text', (c) => c.references('jams.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('by_user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('lifted_at', 'text')
        .execute();
      await db.schema.createIndex('sanctions_user').on('sanctions').columns(['user_id', 'series_id']).execute();

      await db.schema
        .createTable('reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
        .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolution', 'text')
        .addUniqueConstraint('reports_message_reporter', ['message_id', 'reporter_id'])
        .execute();
      await db.schema.createIndex('reports_jam').on('reports').columns(['jam_id', 'resolved_at']).execute();

      await db.schema
        .createTable('panelist_invites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('uses_left', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('moderation_log')
        .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey().notNull())
        .addColumn('series_id', 'text', (c) => c.notNull().references('series.id').onDelete('cascade'))
        .addColumn('jam_id', 'text')
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_user_id', 'text')
        .addColumn('message_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('detail', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('moderation_log_series').on('moderation_log').columns(['series_id', 'id']).execute();
    },
  };
}
