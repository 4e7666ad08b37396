import { runSoak } from './soak.ts';

/**
 * `npm run soak [-- --minutes 10]`: a bounded soak on loopback (default 10 minutes): posts, random
 * reconnects, kill -9 and SIGTERM restarts, then the audit. Exits non-zero if anything acknowledged
 * was lost or duplicated, or a viewer ended with a gap.
 */
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const minutes = Number(arg('minutes') ?? 10);
if (!(minutes > 0 && minutes <= 120)) {
  console.error('--minutes must be between 0 and 120');
  process.exit(2);
}
const people = Number(arg('people') ?? 8);

console.log(`soak: ${minutes} min, ${people} people, restarts about every 30 s`);
const report = await runSoak({ durationMs: minutes * 60_000, people, restartEveryMs: 30_000, log: (line) => console.log(`  ${line}`) });
const { audit } = report;
console.log(JSON.stringify({ ...report, audit: { ...audit, lost: audit.lost.length, duplicated: audit.duplicated.length, seqGaps: audit.seqGaps.length, conflicts: audit.conflicts.length } }, null, 2));
const failed = audit.lost.length + audit.duplicated.length + audit.seqGaps.length + audit.conflicts.length + report.errors.length + report.viewerGaps.length > 0;
console.log(failed ? 'SOAK FAILED' : `soak passed: ${audit.acked} acknowledged posts, all stored exactly once`);
process.exit(failed ? 1 : 0);
