import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './001_initial.ts';
import { security } from './002_security.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Versioned migrations, applied in name order on start. Each gets the dialect for the few dialect-specific parts (full-text search). */
export function migrations(dialect: Dialect): MigrationProvider {
  const all: Record<string, Migration> = {
    '001_initial': initial(dialect),
    '002_security': security(dialect),
  };
  return { getMigrations: async () => all };
}
