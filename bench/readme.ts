import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { table, type Figure } from './stats.ts';

/**
 * The README's bench table, regenerated from a results file: `npm run bench -- --readme` does it
 * after a run; `npx tsx bench/readme.ts [results.json]` does it from a saved run. Only the part
 * between the markers changes.
 */

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export interface Results {
  runAt: string;
  durationS?: number;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; mode: string; trials?: number; pinning?: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  figures: Figure[];
}

export function readmeSection(results: Results): string {
  const m = results.machine;
  const unmet = results.figures.filter((f) => !f.ok).map((f) => f.name);
  return [
    START,
    `Run ${results.runAt.slice(0, 16).replace('T', ' ')} UTC (\`npm run bench${m.mode === 'quick' ? ' -- --quick' : ''}\`${results.durationS ? `, ${results.durationS} s` : ''}; ${m.trials ?? 1} alternating trials per figure; value and baseline are medians, ratio the median of per-trial ratios, spread their min–max).`,
    '',
    table(results.figures),
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end; pinning: ${m.pinning ?? 'none'}.`,
    '',
    unmet.length ? `Goals not met in this run: ${unmet.join('; ')}.` : 'Every goal was met in this run.',
    END,
  ].join('\n');
}

export function writeReadmeTable(results: Results, readme = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md')): void {
  const text = fs.readFileSync(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section to rewrite`);
  fs.writeFileSync(readme, text.slice(0, start) + readmeSection(results) + text.slice(end + END.length));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
  writeReadmeTable(JSON.parse(fs.readFileSync(file, 'utf8')) as Results);
  console.log(`README.md: results table rewritten from ${file}`);
}
