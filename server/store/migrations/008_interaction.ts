import type { Kysely, Migration } from 'kysely';

/**
 * Audience interaction (issue 16): audience questions and their votes, polls and their ballots,
 * a per-jam version counter (every change takes the next version, so a reconnecting client asks
 * for what changed since the version it has), per-series automatic moderation settings, and the
 * columns a "promote" show action needs (the promoted question's text and credit).
 * Votes and ballots are rows, one per person: tallies are counted from them, never kept aside.
 */
export function interaction(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('interaction_versions')
        .addColumn('jam_id', 'text', (c) => c.primaryKey().references('jams.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audience_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_handle', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('merged_into', 'text')
        .addColumn('answer_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('promoted_at', 'text')
        .addColumn('vote_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('audience_questions_client', ['jam_id', 'client_id'])
        .execute();
      await db.schema.createIndex('audience_questions_version').on('audience_questions').columns(['jam_id', 'version']).execute();

      await db.schema
        .createTable('audience_votes')
        .addColumn('question_id', 'text', (c) => c.notNull().references('audience_questions.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audience_votes_pk', ['question_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('polls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('jam_id', 'text', (c) => c.notNull().references('jams.id').onDelete('cascade'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('question', 'integer')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('results', 'text', (c) => c.notNull())
        .addColumn('revealed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text')
        .addColumn('closed_at', 'text')
        .addUniqueConstraint('polls_client', ['jam_id', 'client_id'])
        .execute();
      await db.schema.createIndex('polls_version').on('polls').columns(['jam_id', 'version']).execute();

      await db.schema
        .createTable('poll_ballots')
        .addColumn('poll_id', 'text', (c) => c.notNull().references('polls.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('option', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('poll_ballots_pk', ['poll_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('automod_settings')
        .addColumn('series_id', 'text', (c) => c.primaryKey().references('series.id').onDelete('cascade'))
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // A "promote" action carries what the run of show needs to replay it without a join.
      await db.schema.alterTable('show_actions').addColumn('ref_id', 'text').execute();
      await db.schema.alterTable('show_actions').addColumn('text', 'text').execute();
      await db.schema.alterTable('show_actions').addColumn('credit_handle', 'text').execute();
      await db.schema.alterTable('show_actions').addColumn('credit_name', 'text').execute();
      // Repeated-text and rate rules read a jam's recent posts by time.
      await db.schema.createIndex('messages_jam_created').on('messages').columns(['jam_id', 'created_at']).execute();
    },
  };
}
