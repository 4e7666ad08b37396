import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './001_initial.ts';
import { security } from './002_security.ts';
import { xBridge } from './004_x_bridge.ts';
import { metrics } from './003_metrics.ts';
import { interaction } from './008_interaction.ts';
import { recaps } from './009_recaps.ts';
import { openBridges } from './010_open_bridges.ts';
import { hostConsole } from './006_console.ts';
import { questionsPublic } from './007_questions_public.ts';
import { siteAdmin } from './011_site_admin.ts';
import { networkBans } from './012_network_bans.ts';
import { searchOrder } from './013_search_order.ts';
import { searchPrefixes } from './014_search_prefixes.ts';
import { xSharedTables } from './015_x_shared_tables.ts';
import { siteLog } from './020_site_log.ts';
import { searchWordStarts } from './022_search_word_starts.ts';

export type Dialect = 'sqlite' | 'postgres';

/** Versioned migrations, applied in name order on start. Each gets the dialect for the few dialect-specific parts (full-text search). */
export function migrations(dialect: Dialect): MigrationProvider {
  const all: Record<string, Migration> = {
    '001_initial': initial(dialect),
    '002_security': security(dialect),
    '004_x_bridge': xBridge(),
    '003_metrics': metrics(),
    '008_interaction': interaction(),
    '009_recaps': recaps(),
    '010_open_bridges': openBridges(),
    '006_console': hostConsole(),
    '007_questions_public': questionsPublic(),
    '011_site_admin': siteAdmin(),
    '012_network_bans': networkBans(),
    '013_search_order': searchOrder(dialect),
    '014_search_prefixes': searchPrefixes(dialect),
    '015_x_shared_tables': xSharedTables(),
    '020_site_log': siteLog(),
    '022_search_word_starts': searchWordStarts(dialect),
  };
  return { getMigrations: async () => all };
}
