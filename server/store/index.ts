import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { migrations, type Dialect } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { UserRepo } from './users.ts';
import { SeriesRepo } from './series.ts';
import { JamRepo } from './jams.ts';
import { MessageRepo } from './messages.ts';

export type { Dialect } from './migrations/index.ts';

export interface StoreConfig {
  /** postgres://… selects PostgreSQL; otherwise the embedded SQLite file in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** SQLite file name inside dataDir; ':memory:' for throwaway stores in tests. */
  sqliteFile?: string;
}

/** The one persistence interface the domain sees, whatever the database behind it. */
export class Store {
  readonly users: UserRepo;
  readonly series: SeriesRepo;
  readonly jams: JamRepo;
  readonly messages: MessageRepo;
  #ready = false;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {
    this.users = new UserRepo(db);
    this.series = new SeriesRepo(db);
    this.jams = new JamRepo(db);
    this.messages = new MessageRepo(db, dialect);
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** Applies pending migrations; safe to run on every start and from several nodes. */
  async migrate(): Promise<void> {
    // PostgreSQL: pin Kysely's bookkeeping tables to our own schema. Left unset, Kysely looks for
    // them in every schema and takes another deployment's (or test run's) tables for ours.
    const schema = this.dialect === 'postgres' ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(this.db)).rows[0]?.schema : undefined;
    const migrator = new Migrator({ db: this.db, provider: migrations(this.dialect), ...(schema ? { migrationTableSchema: schema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
    this.#ready = true;
  }

  async ping(): Promise<void> {
    await this.db.selectFrom('jams').select('id').limit(1).execute();
  }

  async close(): Promise<void> {
    this.#ready = false;
    await this.db.destroy();
  }
}

export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config);
  await store.migrate();
  return store;
}

function openSqlite(config: StoreConfig): Store {
  const file = config.sqliteFile ?? 'tweetjam.sqlite';
  if (file !== ':memory:') fs.mkdirSync(config.dataDir, { recursive: true });
  const database = new SQLite(file === ':memory:' ? file : path.join(config.dataDir, file));
  database.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, even across power loss.
  database.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Store(new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }), 'sqlite');
}

/** Distinct SQL texts kept prepared; IN lists of varying length make new texts, so the cache is bounded. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query afresh; better-sqlite3 statements can be reused, and the hot paths
 * (posting, joins) run the same few SQL texts over and over. Safe because Kysely runs one query
 * at a time on its single SQLite connection.
 */
function withStatementCache(database: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        statement = database.prepare(text);
        if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

const GIN_SEARCH_LIMIT = 5000;

function openPostgres(url: string): Store {
  const pool = new Pool({ connectionString: url, max: Number(process.env.PG_POOL_SIZE ?? 10) });
  // A prefix of a common word matches much of a large archive; let the search GIN scan return a
  // bounded sample instead of every match (search ranks a bounded set of candidates anyway).
  pool.on('connect', (client) => void client.query(`SET gin_fuzzy_search_limit = ${GIN_SEARCH_LIMIT}`).catch(() => {}));
  return new Store(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** True when the database is momentarily unable to take the write (busy, locked, full, gone). */
export function isStoreUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', '57P01', '53300', '08006', '08001'].includes(code);
}
