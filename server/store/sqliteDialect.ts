import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver } from 'kysely';

/**
 * SQLite rolls a transaction back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, …). Kysely
 * then issues ROLLBACK anyway, which fails with "no transaction is active" and hides the real
 * error: a full disk would answer 500 instead of a retryable 503. This driver skips that ROLLBACK.
 */
class SqliteDriverKeepingErrors extends SqliteDriver {
  constructor(private readonly database: SQLiteDatabase) {
    super({ database });
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

/** Kysely's SQLite dialect with the driver above. */
export class TweetJamSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SQLiteDatabase) {
    super({ database });
  }

  override createDriver(): Driver {
    return new SqliteDriverKeepingErrors(this.database);
  }
}
