import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { Client } from 'pg';
import { openStore } from '../server/store/index.ts';
import { root } from './processes.ts';
import { percentile } from './stats.ts';

/**
 * The archive-search corpus: N messages over 200 ended jams, words drawn from a fixed vocabulary
 * with a skewed (Zipf-like) frequency, as chat text is. Built once per size and cached in
 * bench/.cache (SQLite file) or a bench_corpus_N schema (PostgreSQL): FTS index built in bulk.
 */

export const CACHE_DIR = path.join(root, 'bench', '.cache');
const JAMS = 200;

/** A deterministic PRNG so every run searches the same corpus with the same queries. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'to', 'sha', 'vel', 'dor', 'pi', 'nu', 'gra', 'est', 'bel', 'qua', 'zin', 'mor', 'tek', 'sol', 'fi', 'ran'];
export const VOCABULARY = (() => {
  const random = prng(7);
  const words = new Set<string>(['pricing', 'onboarding', 'customer', 'journey', 'feedback', 'loyalty', 'churn', 'support', 'survey', 'experience']);
  while (words.size < 3000) words.add(Array.from({ length: 2 + Math.floor(random() * 2) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join(''));
  return [...words];
})();

/** Skewed pick: low ranks are common words, high ranks rare ones. */
const pick = (random: () => number) => VOCABULARY[Math.floor(random() ** 2.2 * VOCABULARY.length)]!;

export function queries(count: number): string[] {
  const random = prng(42);
  return Array.from({ length: count }, (_, i) => {
    const word = VOCABULARY[20 + Math.floor(random() * 600)]!;
    if (i % 4 === 0) return word.slice(0, 4); // a prefix, as people type
    if (i % 4 === 1) return `${word} ${VOCABULARY[20 + Math.floor(random() * 600)]}`;
    return word;
  });
}

/**
 * A cached SQLite corpus under bench/.cache/`name`, migrated to the current schema (migrations
 * added since it was built run here, not in a timed server's start). `ready` is false when it was
 * missing or held another number of messages: then it is a fresh, empty store to fill.
 */
export async function cachedCorpus(name: string, size: number): Promise<{ dataDir: string; file: string; ready: boolean }> {
  const dataDir = path.join(CACHE_DIR, name);
  const file = path.join(dataDir, 'tweetjam.sqlite');
  if (fs.existsSync(file)) {
    const db = new SQLite(file, { readonly: true });
    const count = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    db.close();
    if (count !== size) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const ready = fs.existsSync(file);
  await (await openStore({ dataDir, sqliteFile: 'tweetjam.sqlite' })).close();
  return { dataDir, file, ready };
}

/** The SQLite corpus file of `size` messages, built when missing. Returns its data dir. */
export async function sqliteCorpus(size: number, progress: (line: string) => void): Promise<string> {
  const { dataDir, file, ready } = await cachedCorpus(`sqlite-${size}`, size);
  if (ready) return dataDir;
  const started = performance.now();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const at = '2025-01-01T12:00:00.000Z';
  db.prepare("INSERT INTO users (id, handle, handle_key, display_name, password_hash, bio, created_at) VALUES ('bench', 'bench', 'bench', 'Bench', 'x', '', ?)").run(at);
  db.prepare("INSERT INTO series (id, slug, name, hashtag, hashtag_key, description, rules, time_zone, default_duration_min, owner_id, created_at) VALUES ('bench', 'bench', 'Bench', '#benchjam', 'benchjam', '', '', 'UTC', 60, 'bench', ?)").run(at);
  const jam = db.prepare("INSERT INTO jams (id, slug, series_id, title, description, starts_at, duration_min, last_seq, announced_status, created_by, created_at) VALUES (?, ?, 'bench', ?, '', ?, 60, ?, 'ended', 'bench', ?)");
  const perJam = Math.ceil(size / JAMS);
  // Bulk load: rows first, the FTS index in one rebuild afterwards (much faster than per-row triggers).
  const trigger = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_fts_insert'").get() as { sql: string }).sql;
  db.exec('DROP TRIGGER messages_fts_insert');
  const insert = db.prepare("INSERT INTO messages (id, jam_id, seq, client_id, author_id, author_handle, author_name, author_role, text, question, source, hidden, featured, boost_count, created_at) VALUES (?, ?, ?, ?, 'bench', 'bench', 'Bench', 'participant', ?, ?, 'native', 0, 0, 0, ?)");
  const random = prng(1);
  db.transaction(() => {
    for (let j = 0; j < JAMS; j++) {
      jam.run(`j${j}`, `bench-${j}`, `Bench jam ${j}`, at, perJam, at);
      for (let s = 1; s <= perJam && j * perJam + s <= size; s++) {
        const words = Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(random));
        insert.run(`m${j}-${s}`, `j${j}`, s, `c${j}-${s}`, `${words.join(' ')} #benchjam`, 1 + (s % 5), at);
      }
      if (j % 20 === 19) progress(`  search corpus (SQLite): ${Math.round(((j + 1) / JAMS) * 100)}% of ${size.toLocaleString('en')} rows`);
    }
  })();
  progress('  search corpus (SQLite): building the FTS index');
  db.exec("INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')");
  db.exec(trigger);
  db.exec("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')");
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  progress(`  search corpus (SQLite): ${size.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in bench/.cache)`);
  return dataDir;
}

/** The bare FTS5 query for the same first page (newest 21 matches) on the same corpus: the engine alone, the yardstick for our search path. */
export function sqliteBareSearch(dataDir: string, qs: string[]): number[] {
  const db = new SQLite(path.join(dataDir, 'tweetjam.sqlite'), { readonly: true });
  const statement = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT 21');
  const times = qs.map((q) => {
    const words = q.split(' ');
    const match = words.map((t, i) => `"${t}"${i === words.length - 1 ? '*' : ''}`).join(' ');
    const start = performance.now();
    statement.all(match);
    return performance.now() - start;
  });
  db.close();
  return times;
}

/** A PostgreSQL schema holding the corpus, built with generate_series when missing. Returns its URL. */
export async function postgresCorpus(baseUrl: string, size: number, progress: (line: string) => void): Promise<string> {
  const schema = `bench_corpus_${size}`;
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const exists = await client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'messages'`, [schema]);
    if (exists.rowCount) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.messages`);
      if (rows[0].n === size) {
        await (await openStore({ databaseUrl: url.toString(), dataDir: CACHE_DIR })).close();
        return url.toString();
      }
    }
    const started = performance.now();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`CREATE SCHEMA ${schema}`);
    const store = await openStore({ databaseUrl: url.toString(), dataDir: CACHE_DIR });
    await store.close();
    await client.query(`SET search_path = ${schema}`);
    const at = '2025-01-01T12:00:00.000Z';
    await client.query(`INSERT INTO users (id, handle, handle_key, display_name, password_hash, bio, created_at) VALUES ('bench', 'bench', 'bench', 'Bench', 'x', '', $1)`, [at]);
    await client.query(`INSERT INTO series (id, slug, name, hashtag, hashtag_key, description, rules, time_zone, default_duration_min, owner_id, created_at) VALUES ('bench', 'bench', 'Bench', '#benchjam', 'benchjam', '', '', 'UTC', 60, 'bench', $1)`, [at]);
    const perJam = Math.ceil(size / JAMS);
    await client.query(`INSERT INTO jams (id, slug, series_id, title, description, starts_at, duration_min, last_seq, announced_status, created_by, created_at)
      SELECT 'j' || j, 'bench-' || j, 'bench', 'Bench jam ' || j, '', $1, 60, $2, 'ended', 'bench', $1 FROM generate_series(0, ${JAMS - 1}) j`, [at, perJam]);
    // Rebuilt as the migrations defined it, once the rows are in (much faster than row by row).
    const { rows: indexes } = await client.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'messages_search'`, [schema]);
    await client.query('DROP INDEX messages_search');
    progress(`  search corpus (PostgreSQL): inserting ${size.toLocaleString('en')} rows`);
    // The same skewed vocabulary, drawn server-side.
    await client.query(
      `INSERT INTO messages (id, jam_id, seq, client_id, author_id, author_handle, author_name, author_role, text, question, source, hidden, featured, boost_count, created_at)
       SELECT 'm' || i, 'j' || (i / $2), i % $2 + 1, 'c' || i, 'bench', 'bench', 'Bench', 'participant',
              (SELECT string_agg(($1::text[])[1 + floor(power(random(), 2.2) * array_length($1::text[], 1))::int], ' ') FROM generate_series(1, 6 + (i * 7) % 14) WHERE i >= 0) || ' #benchjam',
              1 + i % 5, 'native', 0, 0, 0, $3
       FROM generate_series(0, $4 - 1) i`,
      [VOCABULARY, perJam, at, size],
    );
    progress('  search corpus (PostgreSQL): building the GIN index');
    await client.query(indexes[0].indexdef);
    await client.query('ANALYZE messages');
    progress(`  search corpus (PostgreSQL): ${size.toLocaleString('en')} rows in ${((performance.now() - started) / 1000).toFixed(0)} s (kept in schema ${schema})`);
    return url.toString();
  } finally {
    await client.end();
  }
}

/** The bare tsvector query on the same corpus. */
export async function postgresBareSearch(url: string, qs: string[]): Promise<number[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const times: number[] = [];
    for (const q of qs) {
      const words = q.split(' ');
      const tsquery = words.map((t, i) => (i === words.length - 1 ? `${t}:*` : t)).join(' & ');
      const start = performance.now();
      await client.query({ name: 'bare', text: "SELECT id FROM messages WHERE search @@ to_tsquery('simple', $1) ORDER BY pos DESC LIMIT 21", values: [tsquery] });
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    await client.end();
  }
}

/** p95 of GET /api/search against a running server. */
export async function httpSearchTimes(url: string, qs: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const q of qs) {
    const start = performance.now();
    const response = await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`search "${q}" answered ${response.status}`);
    times.push(performance.now() - start);
  }
  return times;
}

export { percentile };
