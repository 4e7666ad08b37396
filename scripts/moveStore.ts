import { parseArgs } from 'node:util';
import { OperatorError } from '../server/operations/backup.ts';
import { moveStore } from '../server/operations/moveStore.ts';
import { operatorEnv, progressLine, runCommand } from './operator.ts';

/** `npm run move-store -- --to postgres://…`: copies DATA_DIR's SQLite store into an empty PostgreSQL database. */
const USAGE = 'npm run move-store -- --to postgres://user@host:5432/tweetjam [--batch 1000]   (stop the server first; DATA_DIR names the source)';

await runCommand(USAGE, async () => {
  const { values } = parseArgs({ options: { to: { type: 'string' }, batch: { type: 'string' } } });
  if (!values.to) throw new OperatorError(`--to is required\nusage: ${USAGE}`);
  const env = operatorEnv();
  const lines = new Map<string, (done: number, total: number) => void>();
  const started = Date.now();
  const report = await moveStore({
    dataDir: env.dataDir,
    to: values.to,
    batchSize: values.batch ? Number(values.batch) : undefined,
    say: (line) => console.error(line),
    progress: (table, done, total) => {
      if (!lines.has(table)) lines.set(table, progressLine(table));
      lines.get(table)!(done, total);
    },
  });
  console.log(`\n${'table'.padEnd(28)} ${'rows'.padStart(10)}  checksum          verified`);
  for (const t of report.tables) console.log(`${t.table.padEnd(28)} ${String(t.rows).padStart(10)}  ${t.sourceChecksum}  ${t.ok ? 'ok' : `MISMATCH (target: ${t.targetRows} rows, ${t.targetChecksum})`}`);
  if (!report.ok) throw new OperatorError('the target differs from the source (see MISMATCH above); do not switch DATABASE_URL yet');
  console.log(`\nmoved ${report.tables.reduce((n, t) => n + t.rows, 0).toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s${report.resumed ? ' (resumed)' : ''}; every table verified. Start the server with DATABASE_URL set to the target.`);
});
