import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; IN lists of varying length make new texts, so the cache is bounded. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, …). Kysely
 * then issues ROLLBACK anyway, which fails with "no transaction is active" and hides the real
 * error: a full disk would answer 500 instead of a retryable 503. This driver skips that ROLLBACK.
 */
class SqliteDriverKeepingErrors extends SqliteDriver {
  constructor(private readonly database: SQLiteDatabase) {
    super({ database: withStatementCache(database) });
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

/**
 * Kysely prepares every query afresh; better-sqlite3 statements can be reused, and the hot paths
 * (posting, joins) run the same few SQL texts over and over. Safe because Kysely runs one query
 * at a time on its single SQLite connection.
 */
function withStatementCache(database: SQLiteDatabase): SqliteDatabase {
  const statements = new Map<string, Statement>();
  return {
    close: () => void database.close(),
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

/** Kysely's SQLite dialect with the driver above: cached statements, real errors kept. */
export class TweetJamSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SQLiteDatabase) {
    super({ database });
  }

  override createDriver(): Driver {
    return new SqliteDriverKeepingErrors(this.database);
  }
}
