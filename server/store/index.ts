import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, PostgresIntrospector, sql, type DatabaseIntrospector, type TableMetadata } from 'kysely';
import { Pool } from 'pg';
import { migrations, type Dialect } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { statementName } from './prepared.ts';
import { UserRepo } from './users.ts';
import { SeriesRepo } from './series.ts';
import { JamRepo } from './jams.ts';
import { MessageRepo } from './messages.ts';
import { ModerationRepo } from './moderation.ts';
import { InteractionRepo } from './interaction.ts';
import { CannedPostRepo } from './cannedPosts.ts';
import { AdminRepo } from './admin.ts';
import { TweetJamSqliteDialect } from './sqliteDialect.ts';

export type { Dialect } from './migrations/index.ts';

/**
 * Kysely's migrator checks for its tables through the introspector, whose query reads every
 * schema in the database (has_schema_privilege by name): another deployment's or test run's
 * schema dropped at that moment failed our start with `schema "…" does not exist`. Ours looks
 * only at the schemas on our search_path.
 */
class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    const base = new PostgresIntrospector(db);
    const getTables = async (): Promise<TableMetadata[]> => {
      const { rows } = await sql<{ schema: string; name: string; kind: string }>`
        SELECT ns.nspname AS schema, c.relname AS name, c.relkind AS kind
          FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace ns ON ns.oid = c.relnamespace
         WHERE ns.nspname = ANY (current_schemas(false)) AND c.relkind IN ('r', 'v', 'p')`.execute(db);
      return rows.map((r) => ({ schema: r.schema, name: r.name, isView: r.kind === 'v', columns: [] }));
    };
    return { getSchemas: () => base.getSchemas(), getTables, getMetadata: async () => ({ tables: await getTables() }) };
  }
}

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
  readonly interaction: InteractionRepo;
  readonly cannedPosts: CannedPostRepo;
  readonly admin: AdminRepo;
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
    this.interaction = new InteractionRepo(db);
    this.cannedPosts = new CannedPostRepo(db);
    this.admin = new AdminRepo(db);
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** Applies pending migrations; safe to run on every start and from several nodes. */
  async migrate(): Promise<void> {
    // PostgreSQL: pin Kysely's bookkeeping tables to our own schema. Left unset, Kysely looks for
    // them in every schema and takes another deployment's (or test run's) tables for ours.
    const schema = this.dialect === 'postgres' ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(this.db)).rows[0]?.schema : undefined;
    // Unordered: each feature's migration only adds its own tables, so a database that ran a later
    // one first (a build from a feature branch) takes the missing earlier ones instead of refusing to start.
    const migrator = new Migrator({ db: this.db, provider: migrations(this.dialect), allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
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

/** The embedded store's file name inside DATA_DIR (backups, restores and moves look for it). */
export const SQLITE_FILE = 'tweetjam.sqlite';

function openSqlite(config: StoreConfig): Store {
  const file = config.sqliteFile ?? SQLITE_FILE;
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

/** work_mem (kB) each pooled PostgreSQL connection gets at least (see openPostgres). */
const SEARCH_WORK_MEM_KB = 16 * 1024;

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
    // The posting path's queries go by name: parsed and planned once per connection, not per post.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((text: unknown, ...rest: unknown[]) => {
      const name = typeof text === 'string' ? statementName(text) : undefined;
      return name ? query({ name, text, values: rest[0] }, ...rest.slice(1)) : query(text, ...rest);
    }) as typeof client.query;
    // Queued ahead of the client's first query. Search's GIN scan gathers a typed prefix's matches
    // (every word it begins) into a bitmap sized by work_mem: at the default 4 MB a common prefix's
    // bitmap degrades and the two-word first page took twice as long over a million messages.
    // Raised only, never lowered below what the server is configured with.
    client
      .query(`SELECT set_config('work_mem', '${SEARCH_WORK_MEM_KB}kB', false) FROM pg_settings WHERE name = 'work_mem' AND setting::bigint < ${SEARCH_WORK_MEM_KB}`)
      .catch((error: Error) => log?.warn({ err: error.message }, 'could not raise work_mem for search'));
  });
  return new Store(new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool }) }), 'postgres');
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
