import { sql, type Kysely, type Migration } from 'kysely';
import { createXOutboundTables } from './004_x_bridge.ts';

/**
 * X's posts and mirroring choices move into the shared bridge tables as network 'x', so one queue
 * and one store serve every network. Rows are copied (timestamps stay ISO text, flags 0/1), then
 * x_outbound and x_mirror_prefs are dropped. X's links and OAuth round trips stay in x_links and
 * x_oauth_requests: their tokens are sealed under X_TOKEN_KEY, which a migration cannot re-seal.
 */
export function xSharedTables(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT (its parser would read ON as a join).
      await sql`
        INSERT INTO bridge_outbound (id, network, series_id, jam_id, kind, ref, text, status, post_id, post_key, post_url, post_meta, attempts, last_error, created_at, posted_at)
        SELECT id, 'x', series_id, jam_id, kind, ref, text, status, tweet_id, tweet_id,
               CASE WHEN tweet_id IS NULL THEN NULL ELSE 'https://x.com/i/web/status/' || tweet_id END,
               NULL, attempts, last_error, created_at, posted_at
        FROM x_outbound
        WHERE 1 = 1
        ON CONFLICT DO NOTHING`.execute(db);
      await sql`
        INSERT INTO bridge_mirror_prefs (series_id, network, user_id, enabled, updated_at)
        SELECT series_id, 'x', user_id, enabled, updated_at FROM x_mirror_prefs
        WHERE 1 = 1
        ON CONFLICT DO NOTHING`.execute(db);
      await db.schema.dropTable('x_mirror_prefs').execute();
      await db.schema.dropTable('x_outbound').execute();
    },
    async down(db: Kysely<unknown>) {
      // The tables as 004 made them, filled back from the shared ones.
      await createXOutboundTables(db);
      await sql`
        INSERT INTO x_outbound (id, series_id, jam_id, kind, ref, text, status, tweet_id, attempts, last_error, created_at, posted_at)
        SELECT id, series_id, jam_id, kind, ref, text, status, post_id, attempts, last_error, created_at, posted_at FROM bridge_outbound WHERE network = 'x'`.execute(db);
      await sql`INSERT INTO x_mirror_prefs (series_id, user_id, enabled, updated_at) SELECT series_id, user_id, enabled, updated_at FROM bridge_mirror_prefs WHERE network = 'x'`.execute(db);
      await sql`DELETE FROM bridge_outbound WHERE network = 'x'`.execute(db);
      await sql`DELETE FROM bridge_mirror_prefs WHERE network = 'x'`.execute(db);
    },
  };
}
