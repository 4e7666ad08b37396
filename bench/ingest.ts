import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { nanoid } from 'nanoid';
import { Client } from 'pg';
import { openStore } from '../server/store/index.ts';

/** Rows per transaction of the raw yardsticks. */
const BATCH = 100;
const text = (seq: number) => `bench@${Date.now()} message ${seq} about pricing and onboarding #ingest`;

/**
 * The ingest yardstick: raw better-sqlite3 inserting `rows` messages into a freshly migrated store
 * (same schema, FTS triggers keeping search current, WAL with synchronous=FULL as the server runs
 * it) in 100-row transactions. Rows per second.
 */
export async function rawSqliteIngest(rows: number): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-bench-ingest-'));
  try {
    await (await openStore({ dataDir, sqliteFile: 'tweetjam.sqlite' })).close();
    const db = new SQLite(path.join(dataDir, 'tweetjam.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const at = new Date().toISOString();
    db.prepare("INSERT INTO users (id, handle, handle_key, display_name, password_hash, bio, created_at) VALUES ('u', 'ingest', 'ingest', 'Ingest', 'x', '', ?)").run(at);
    db.prepare("INSERT INTO series (id, slug, name, hashtag, hashtag_key, description, rules, time_zone, default_duration_min, owner_id, created_at) VALUES ('s', 'ingest', 'Ingest', '#ingest', 'ingest', '', '', 'UTC', 60, 'u', ?)").run(at);
    db.prepare("INSERT INTO jams (id, slug, series_id, title, description, starts_at, duration_min, last_seq, announced_status, created_by, created_at) VALUES ('j', 'ingest', 's', 'Ingest', '', ?, 60, 0, 'live', 'u', ?)").run(at, at);
    const insert = db.prepare("INSERT INTO messages (id, jam_id, seq, client_id, author_id, author_handle, author_name, author_role, text, source, hidden, featured, boost_count, created_at) VALUES (?, 'j', ?, ?, 'u', 'ingest', 'Ingest', 'participant', ?, 'native', 0, 0, 0, ?)");
    const bump = db.prepare("UPDATE jams SET last_seq = ? WHERE id = 'j'");
    const batch = db.transaction((from: number) => {
      for (let seq = from; seq < from + BATCH && seq <= rows; seq++) insert.run(`m${seq}`, seq, `c${seq}`, text(seq), at);
      bump.run(Math.min(from + BATCH - 1, rows));
    });
    const started = performance.now();
    for (let from = 1; from <= rows; from += BATCH) batch(from);
    const seconds = (performance.now() - started) / 1000;
    db.close();
    return rows / seconds;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh, empty PostgreSQL schema on `baseUrl`: its URL (search_path pinned to it) and how to drop it. */
export async function freshBenchSchema(baseUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${nanoid(8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/**
 * The same yardstick on PostgreSQL: raw `pg` on one connection inserting `rows` messages into a
 * freshly migrated schema (same indexes and generated search vector), 100 rows per transaction,
 * each transaction one multi-row INSERT and the seq bump, as the server's batches are. Rows per second.
 */
export async function rawPostgresIngest(baseUrl: string, rows: number): Promise<number> {
  const schema = await freshBenchSchema(baseUrl, 'bench_ingest_raw');
  try {
    await (await openStore({ databaseUrl: schema.url, dataDir: os.tmpdir() })).close();
    const client = new Client({ connectionString: schema.url });
    await client.connect();
    try {
      const at = new Date().toISOString();
      await client.query("INSERT INTO users (id, handle, handle_key, display_name, password_hash, bio, created_at) VALUES ('u', 'ingest', 'ingest', 'Ingest', 'x', '', $1)", [at]);
      await client.query("INSERT INTO series (id, slug, name, hashtag, hashtag_key, description, rules, time_zone, default_duration_min, owner_id, created_at) VALUES ('s', 'ingest', 'Ingest', '#ingest', 'ingest', '', '', 'UTC', 60, 'u', $1)", [at]);
      await client.query("INSERT INTO jams (id, slug, series_id, title, description, starts_at, duration_min, last_seq, announced_status, created_by, created_at) VALUES ('j', 'ingest', 's', 'Ingest', '', $1, 60, 0, 'live', 'u', $1)", [at]);
      const started = performance.now();
      for (let from = 1; from <= rows; from += BATCH) {
        const seqs = Array.from({ length: Math.min(BATCH, rows - from + 1) }, (_, i) => from + i);
        const values: unknown[] = [];
        const tuples = seqs.map((seq) => {
          const n = values.push(`m${seq}`, seq, `c${seq}`, text(seq), at);
          return `($${n - 4}, 'j', $${n - 3}, $${n - 2}, 'u', 'ingest', 'Ingest', 'participant', $${n - 1}, 'native', 0, 0, 0, $${n})`;
        });
        await client.query('BEGIN');
        await client.query(`INSERT INTO messages (id, jam_id, seq, client_id, author_id, author_handle, author_name, author_role, text, source, hidden, featured, boost_count, created_at) VALUES ${tuples.join(', ')}`, values);
        await client.query("UPDATE jams SET last_seq = $1 WHERE id = 'j'", [seqs.at(-1)]);
        await client.query('COMMIT');
      }
      return rows / ((performance.now() - started) / 1000);
    } finally {
      await client.end();
    }
  } finally {
    await schema.drop();
  }
}
