import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { migrations, type Dialect } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { UserRepo } from './users.ts';
import { SeriesRepo } from './series.ts';
import { JamRepo } from './jams.ts';
import { MessageRepo } from './messages.ts';
import { ModerationRepo } from './moderation.ts';
import { TweetJamSqliteDialect } from './sqliteDialect.ts';

export type { Dialect } from './migrations/index.ts';

export interface StoreConfig {
  /** postgres://… selects PostgreSQL; otherwise the embedded SQLite file in dataDir. */
  databaseUrl?: string;
  dataDir: string;
  /** SQLite file name inside dataDir; ':memory:' for throwaway stores in tests. */
  sqliteFile?: string;
  /** How long a SQLite write waits on another connection's lock before failing SQLITE_BUSY (ms). */
  busyTimeoutMs?: number;
  /** Where lost PostgreSQL connections are reported (the server's logger). */
  log?: { warn(details: object, message: string): void };
}

/** The one persistence interface the domain sees, whatever the database behind it. */
export class Store {
  readonly users: UserRepo;
  readonly series: SeriesRepo;
  readonly jams: JamRepo;
  readonly messages: MessageRepo;
  readonly moderation: ModerationRepo;
  #ready = false;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {
    this.users = new UserRepo(db);
    this.series = new SeriesRepo(db);
    this.jams = new JamRepo(db);
    this.messages = new MessageRepo(db, dialect);
    this.moderation = new ModerationRepo(db);
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
  const store = connectStore(config);
  await store.migrate();
  return store;
}

/** A store not yet migrated: the server listens (and answers /readyz 503) while it migrates. */
export function connectStore(config: StoreConfig): Store {
  return config.databaseUrl ? openPostgres(config.databaseUrl, config.log) : openSqlite(config);
}

function openSqlite(config: StoreConfig): Store {
  const file = config.sqliteFile ?? 'tweetjam.sqlite';
  if (file !== ':memory:') fs.mkdirSync(config.dataDir, { recursive: true });
  const database = new SQLite(file === ':memory:' ? file : path.join(config.dataDir, file));
  database.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, even across power loss.
  database.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  database.pragma('foreign_keys = ON');
  // A busy store fails the write (→ 503 unavailable, retryable) instead of waiting forever; the wait blocks the event loop, so keep it short.
  const busyTimeout = config.busyTimeoutMs ?? Number(process.env.SQLITE_BUSY_TIMEOUT_MS ?? 5000);
  database.pragma(`busy_timeout = ${Number.isFinite(busyTimeout) ? Math.max(0, Math.trunc(busyTimeout)) : 5000}`);
  return new Store(new Kysely<Database>({ dialect: new TweetJamSqliteDialect(database) }), 'sqlite');
}

const GIN_SEARCH_LIMIT = 5000;

function openPostgres(url: string, log: StoreConfig['log']): Store {
  const pool = new Pool({ connectionString: url, max: Number(process.env.PG_POOL_SIZE ?? 10) });
  // A pooled connection dropped by the server (restart, failover, pg_terminate_backend) emits
  // 'error' — while idle on the pool, while checked out on the client. Unlistened, that event would
  // crash the process. The query in flight fails (→ 503 unavailable, retryable); the pool discards
  // the broken connection and opens a new one on the next query.
  const lost = (error: Error) => log?.warn({ code: (error as { code?: string }).code, err: error.message }, 'PostgreSQL connection lost; the pool replaces it');
  pool.on('error', lost);
  pool.on('connect', (client) => {
    client.on('error', lost);
    // A prefix of a common word matches much of a large archive; let the search GIN scan return a
    // bounded sample instead of every match (search ranks a bounded set of candidates anyway).
    void client.query(`SET gin_fuzzy_search_limit = ${GIN_SEARCH_LIMIT}`).catch(() => {});
  });
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
  const message = (error as { message?: unknown } | null)?.message;
  // pg reports a connection lost mid-query without a code, only this message.
  const lostConnection = typeof message === 'string' && /^Connection terminated|^Client has encountered a connection error|^timeout exceeded when trying to connect/.test(message);
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', '08006', '08001', '08003', '53100'].includes(code) || lostConnection;
}
