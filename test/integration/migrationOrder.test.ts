import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { sql } from 'kysely';
import { Client } from 'pg';
import { expect, it } from 'vitest';
import { migrations } from '../../server/store/migrations/index.ts';
import { connectStore, type Store } from '../../server/store/index.ts';
import { describeWithServices, freshPostgresSchema, POSTGRES_URL } from '../support/services.ts';

/** A migrated SQLite store with one migration undone and forgotten, as if it had not shipped yet. */
async function withoutMigration(name: string, body: (store: Store) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-migrations-'));
  const store = connectStore({ dataDir, log: pino({ level: 'silent' }) });
  try {
    await store.migrate();
    const all = await migrations('sqlite').getMigrations();
    await all[name]!.down!(store.db as never);
    await sql`DELETE FROM kysely_migration WHERE name = ${name}`.execute(store.db);
    await body(store);
  } finally {
    await store.close();
  }
}

/**
 * Migration numbers belong to feature branches, which land in any order: a store that already ran
 * 010 must still take an earlier-numbered migration that arrives later (here 006, standing for one
 * not yet shipped) instead of refusing to start.
 */
it('a migration numbered before the newest one applied still runs when it arrives later', () =>
  withoutMigration('006_console', async (store) => {
    await store.migrate();
    const names = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY timestamp`.execute(store.db)).rows.map((r) => r.name);
    expect(names.at(-1)).toBe('006_console');
    expect(names).toContain('010_open_bridges');
  }));

it("the operators' log starts with the suspensions standing before it existed", () =>
  withoutMigration('020_site_log', async (store) => {
    const at = '2026-11-01T10:00:00.000Z';
    for (const id of ['op', 'troll']) await store.users.insert({ id, handle: id, handle_key: id, display_name: id, password_hash: 'x', bio: '', avatar_url: null, created_at: at });
    await sql`INSERT INTO account_suspensions (user_id, reason, suspended_by, suspended_at) VALUES ('troll', 'spam', 'op', ${at})`.execute(store.db);
    await store.migrate();
    expect(await store.admin.siteLog(10)).toEqual([expect.objectContaining({ action: 'account.suspend', actor_handle: 'op', target_handle: 'troll', reason: 'spam', created_at: at })]);
  }));

/**
 * Several deployments (or test runs) in one PostgreSQL database: Kysely checks its bookkeeping
 * tables by reading every schema in the catalog, so one dropped at that moment used to fail our
 * start with `schema "…" does not exist` (seen in CI). Migration must ride through the churn.
 */
describeWithServices(['postgres'], 'migrating beside schemas being dropped', () => {
  it('starts every time while other schemas come and go', async () => {
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    const state = { churning: true };
    const churn = (async () => {
      for (let i = 0; state.churning; i++) {
        const name = `tj_churn_${process.pid}_${i}`;
        await admin.query(`CREATE SCHEMA ${name}; CREATE TABLE ${name}.t (a int, b text, c int)`);
        await admin.query(`DROP SCHEMA ${name} CASCADE`);
      }
    })();
    try {
      for (let round = 0; round < 8; round++) {
        const schema = await freshPostgresSchema();
        const store = connectStore({ dataDir: os.tmpdir(), databaseUrl: schema.url, log: pino({ level: 'silent' }) });
        try {
          await store.migrate();
          await store.migrate();
        } finally {
          await store.close();
          await schema.drop();
        }
      }
    } finally {
      state.churning = false;
      await churn;
      await admin.end();
    }
  });
});
