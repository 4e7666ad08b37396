import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Client } from 'pg';
import { SQLITE_FILE } from '../store/index.ts';

/**
 * Backups that restore. SQLite: the online backup API copies a consistent snapshot page by page
 * while the server keeps writing (WAL readers never block the writer). PostgreSQL: pg_dump, which
 * reads one snapshot. Restores refuse to replace a data directory that holds a store unless forced.
 */

export type Progress = (done: number, total: number) => void;

/** Online backup of the embedded store in `dataDir` to `out`; returns the pages copied. The copy is integrity-checked. */
export async function backupSqlite(dataDir: string, out: string, progress: Progress = () => {}): Promise<{ pages: number; bytes: number }> {
  const source = path.join(dataDir, SQLITE_FILE);
  if (!fs.existsSync(source)) throw new OperatorError(`no TweetJam store at ${source} (is DATA_DIR right?)`);
  if (fs.existsSync(out)) throw new OperatorError(`${out} already exists; choose a new file for the backup`);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  // A read connection of our own: the serving process keeps its connection and its writes.
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const partial = `${out}.partial`;
  try {
    let pages = 0;
    await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        pages = totalPages;
        progress(totalPages - remainingPages, totalPages);
        // Everything in the next step: SQLite restarts a stepwise backup whenever another connection
        // (the serving process) commits between steps, so under steady posting it might never end.
        // One step reads one WAL snapshot; the writer is never blocked by it.
        return 0x7fffffff;
      },
    });
    progress(pages, pages);
    const problems = integrityProblems(partial);
    if (problems.length > 0) throw new OperatorError(`the backup failed its integrity check: ${problems.join('; ')}`);
    fs.renameSync(partial, out);
    return { pages, bytes: fs.statSync(out).size };
  } finally {
    db.close();
    fs.rmSync(partial, { force: true });
  }
}

/** PRAGMA integrity_check of a SQLite file: an empty list when it is sound. */
export function integrityProblems(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  } finally {
    db.close();
  }
}

/**
 * Puts a backup in place as the store of `dataDir`. A directory that already holds a store is
 * refused unless `force`; forced, the old files are kept beside it (renamed), never deleted.
 */
export function restoreSqlite(file: string, dataDir: string, options: { force?: boolean; now?: Date } = {}): { replaced: string | null } {
  if (!fs.existsSync(file)) throw new OperatorError(`no backup at ${file}`);
  let problems: string[];
  try {
    problems = integrityProblems(file);
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    const migrated = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
    db.close();
    if (!migrated) problems.push('it is a SQLite file but not a TweetJam store (no migrations table)');
  } catch (error) {
    throw new OperatorError(`${file} is not a SQLite backup: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw new OperatorError(`refusing to restore ${file}: ${problems.join('; ')}`);

  const target = path.join(dataDir, SQLITE_FILE);
  let replaced: string | null = null;
  if (fs.existsSync(target)) {
    if (!options.force) throw new OperatorError(`${dataDir} already holds a TweetJam store (${target}). Stop the server, then run restore again with --force to replace it (the old files are kept beside it).`);
    replaced = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target, replaced);
    for (const suffix of ['-wal', '-shm']) if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, replaced + suffix);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const incoming = `${target}.restoring`;
  fs.copyFileSync(file, incoming);
  // Never leave a write-ahead log of another database beside the restored file.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(incoming, target);
  return { replaced };
}

/** pg_dump of the schema DATABASE_URL points at, in pg_dump's custom format (restore with pg_restore). */
export async function backupPostgres(databaseUrl: string, out: string): Promise<void> {
  if (fs.existsSync(out)) throw new OperatorError(`${out} already exists; choose a new file for the backup`);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
  await client.end();
  const url = new URL(databaseUrl);
  // pg_dump takes the connection from the URL; the schema (search_path) is passed on its own.
  url.searchParams.delete('options');
  await run('pg_dump', ['--format=custom', '--no-owner', `--schema=${schema}`, `--file=${out}`, `--dbname=${url.toString()}`]);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => reject(new OperatorError(`${command} could not run (${error.message}); install the PostgreSQL client tools`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new OperatorError(`${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** A problem the operator can fix, reported as one sentence without a stack trace. */
export class OperatorError extends Error {}
