import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './001_initial.ts';
import { security } from './002_security.ts';
import { xBridge } from './004_x_bridge.ts';
import { metrics } from './003_metrics.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Versioned migrations, applied in name order on start. Each gets the dialect for the few dialect-specific parts (full-text search). */
export function migrations(dialect: Dialect): MigrationProvider {
  const all: Record<string, Migration> = {
    '001_initial': initial(dialect),
    '002_security': security(dialect),
    '004_x_bridge': xBridge(),
    '003_metrics': metrics(),
  };
  return { getMigrations: async () => all };
}
