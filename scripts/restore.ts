import path from 'node:path';
import { parseArgs } from 'node:util';
import { OperatorError, restoreSqlite } from '../server/operations/backup.ts';
import { operatorEnv, runCommand } from './operator.ts';

/** `npm run restore -- <file> [--force]`: a SQLite backup becomes DATA_DIR's store. */
const USAGE = 'npm run restore -- <backup file> [--force]   (into DATA_DIR; stop the server first)';

await runCommand(USAGE, async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) throw new OperatorError(`name one backup file\nusage: ${USAGE}`);
  const env = operatorEnv();
  if (env.DATABASE_URL) throw new OperatorError('DATABASE_URL is set: restore a PostgreSQL backup with pg_restore (see the README), not this command');
  const { replaced } = restoreSqlite(path.resolve(positionals[0]!), env.dataDir, { force: values.force });
  console.log(`restored ${positionals[0]} into ${env.dataDir}${replaced ? `; the previous store is kept as ${replaced}` : ''}. Start the server as usual.`);
});
