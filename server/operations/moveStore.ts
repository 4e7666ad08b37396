import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Pool, type PoolClient } from 'pg';
import { openStore, SQLITE_FILE } from '../store/index.ts';
import { OperatorError } from './backup.ts';
import { copyPlan, postgresTables, quoteIdent, RowChecksum, sqliteTables, type TableCopy } from './tables.ts';

/**
 * `npm run move-store -- --to postgres://…`: copies the embedded SQLite store into PostgreSQL.
 * The target is migrated first, so both sides have the same tables; each batch is written in one
 * transaction together with its progress row in the target, so an interrupted move resumes where
 * it stopped, never copying a row twice. Afterwards every table is verified (count and checksum).
 */
export interface MoveOptions {
  dataDir: string;
  to: string;
  /** Rows per transaction (bounded further by PostgreSQL's 65,535 parameters per statement). */
  batchSize?: number;
  progress?: (table: string, done: number, total: number) => void;
  say?: (line: string) => void;
}

export interface TableReport {
  table: string;
  rows: number;
  sourceChecksum: string;
  targetChecksum: string;
  targetRows: number;
  ok: boolean;
}

export interface MoveReport {
  tables: TableReport[];
  resumed: boolean;
  /** Source tables the target's migrations do not know (a newer source than this code): not copied. */
  skipped: string[];
  ok: boolean;
}

const PROGRESS_TABLE = 'tweetjam_move_progress';

export async function moveStore(options: MoveOptions): Promise<MoveReport> {
  const say = options.say ?? (() => {});
  const file = path.join(options.dataDir, SQLITE_FILE);
  if (!fs.existsSync(file)) throw new OperatorError(`no TweetJam store at ${file} (is DATA_DIR right?)`);
  if (!/^postgres(ql)?:\/\//.test(options.to)) throw new OperatorError('--to must be a postgres:// URL');

  // Both sides at the latest schema: the same migrations define the same tables on each.
  for (const config of [{ dataDir: options.dataDir }, { dataDir: options.dataDir, databaseUrl: options.to }]) {
    const store = await openStore(config).catch((error: unknown) => {
      throw new OperatorError(`cannot open ${config.databaseUrl ? 'the target PostgreSQL' : file}: ${(error as Error).message}`);
    });
    await store.close();
  }

  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  // One read transaction for the whole run: a consistent snapshot even if something still writes.
  source.exec('BEGIN');
  source.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
  const pool = new Pool({ connectionString: options.to, max: 1 });
  const target = await pool.connect();
  try {
    const plan = copyPlan(sqliteTables(source), await postgresTables(target));
    if (plan.onlyInSource.length > 0) say(`not in the target's schema, not copied: ${plan.onlyInSource.join(', ')}`);
    const resumed = await prepareProgress(target, plan.tables);
    if (resumed) say('resuming an interrupted move');
    for (const table of plan.tables) await copyTable(source, target, table, options);
    await advanceSequences(target, plan.tables);
    say('verifying counts and checksums…');
    const tables = [];
    for (const table of plan.tables) tables.push(await verifyTable(source, target, table));
    return { tables, resumed, skipped: plan.onlyInSource, ok: tables.every((t) => t.ok) };
  } finally {
    target.release();
    await pool.end();
    source.exec('COMMIT');
    source.close();
  }
}

/** Creates the progress table; refuses a target that already holds data the move did not put there. */
async function prepareProgress(target: PoolClient, tables: TableCopy[]): Promise<boolean> {
  await target.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS_TABLE} (table_name text PRIMARY KEY, last_rowid bigint NOT NULL, rows bigint NOT NULL, done integer NOT NULL DEFAULT 0)`);
  const started = Number((await target.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${PROGRESS_TABLE}`)).rows[0]!.n) > 0;
  if (started) return true;
  for (const table of tables) {
    const { rows } = await target.query(`SELECT 1 FROM ${quoteIdent(table.name)} LIMIT 1`);
    if (rows.length > 0) throw new OperatorError(`the target already holds data (table ${table.name} is not empty) and no move was started there; move into an empty database`);
  }
  return false;
}

async function copyTable(source: SQLite.Database, target: PoolClient, table: TableCopy, options: MoveOptions): Promise<void> {
  const { rows: state } = await target.query<{ last_rowid: string; rows: string; done: number }>(`SELECT last_rowid, rows, done FROM ${PROGRESS_TABLE} WHERE table_name = $1`, [table.name]);
  if (state[0]?.done) return;
  let lastRowid = Number(state[0]?.last_rowid ?? 0);
  let copied = Number(state[0]?.rows ?? 0);
  const total = (source.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(table.name)}`).get() as { n: number }).n;
  const columns = table.columns.map(quoteIdent).join(', ');
  const size = Math.max(1, Math.min(options.batchSize ?? 1000, Math.floor(60_000 / table.columns.length)));
  const read = source.prepare(`SELECT rowid AS "move_rowid", ${columns} FROM ${quoteIdent(table.name)} WHERE rowid > ? ORDER BY rowid LIMIT ?`);
  options.progress?.(table.name, copied, total);
  for (;;) {
    const rows = read.all(lastRowid, size) as Record<string, unknown>[];
    if (rows.length === 0) break;
    const values: unknown[] = [];
    const tuples = rows.map((row) => `(${table.columns.map((column) => `$${values.push(row[column])}`).join(', ')})`);
    lastRowid = Number(rows.at(-1)!.move_rowid);
    copied += rows.length;
    await target.query('BEGIN');
    try {
      await target.query(`INSERT INTO ${quoteIdent(table.name)} (${columns}) VALUES ${tuples.join(', ')}`, values);
      await saveProgress(target, table.name, lastRowid, copied, 0);
      await target.query('COMMIT');
    } catch (error) {
      await target.query('ROLLBACK').catch(() => {});
      throw new OperatorError(`copying ${table.name} failed after ${copied - rows.length} rows: ${(error as Error).message}`);
    }
    options.progress?.(table.name, copied, total);
  }
  await saveProgress(target, table.name, lastRowid, copied, 1);
  if (total === 0) options.progress?.(table.name, 0, 0);
}

function saveProgress(target: PoolClient, table: string, lastRowid: number, rows: number, done: number) {
  return target.query(
    `INSERT INTO ${PROGRESS_TABLE} (table_name, last_rowid, rows, done) VALUES ($1, $2, $3, $4)
     ON CONFLICT (table_name) DO UPDATE SET last_rowid = EXCLUDED.last_rowid, rows = EXCLUDED.rows, done = EXCLUDED.done`,
    [table, lastRowid, rows, done],
  );
}

/** Serial columns were written with explicit values: their sequences must continue after the largest. */
async function advanceSequences(target: PoolClient, tables: TableCopy[]): Promise<void> {
  const serials = await postgresTables(target);
  for (const table of tables) {
    for (const column of (serials.get(table.name) as { serials?: string[] } | undefined)?.serials ?? []) {
      await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quoteIdent(column)}), 1), MAX(${quoteIdent(column)}) IS NOT NULL) FROM ${quoteIdent(table.name)}`, [table.name, column]);
    }
  }
}

async function verifyTable(source: SQLite.Database, target: PoolClient, table: TableCopy): Promise<TableReport> {
  const columns = table.columns.map(quoteIdent).join(', ');
  const fromSource = new RowChecksum();
  for (const row of source.prepare(`SELECT ${columns} FROM ${quoteIdent(table.name)}`).iterate() as Iterable<Record<string, unknown>>) fromSource.add(row, table.columns);
  const fromTarget = new RowChecksum();
  // Pages by physical row id (a TID range scan), so a large table is never held in memory at once.
  let after = '(0,0)';
  for (;;) {
    const { rows } = await target.query<Record<string, unknown>>(`SELECT ctid::text AS "move_ctid", ${columns} FROM ${quoteIdent(table.name)} WHERE ctid > $1::tid ORDER BY ctid LIMIT 5000`, [after]);
    if (rows.length === 0) break;
    for (const row of rows) fromTarget.add(row, table.columns);
    after = String(rows.at(-1)!.move_ctid);
  }
  const ok = fromSource.count === fromTarget.count && fromSource.hex === fromTarget.hex;
  return { table: table.name, rows: fromSource.count, targetRows: fromTarget.count, sourceChecksum: fromSource.hex, targetChecksum: fromTarget.hex, ok };
}
