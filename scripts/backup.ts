import { parseArgs } from 'node:util';
import { backupPostgres, backupSqlite, OperatorError } from '../server/operations/backup.ts';
import { operatorEnv, progressLine, runCommand } from './operator.ts';

/** `npm run backup -- --out <file>`: a consistent copy of the store while the server keeps serving. */
const USAGE = 'npm run backup -- --out <file>   (DATA_DIR or DATABASE_URL as for npm start)';

await runCommand(USAGE, async () => {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new OperatorError(`--out is required\nusage: ${USAGE}`);
  const env = operatorEnv();
  if (env.DATABASE_URL) {
    await backupPostgres(env.DATABASE_URL, values.out);
    console.log(`backed up PostgreSQL to ${values.out} (pg_dump custom format; restore with pg_restore, see the README)`);
    return;
  }
  const { pages, bytes } = await backupSqlite(env.dataDir, values.out, progressLine('pages copied'));
  console.log(`backed up ${env.dataDir} to ${values.out}: ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB, integrity check ok`);
});
