import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readmeSection, writeReadmeTable, type Results } from '../../bench/readme.ts';
import { figure, median, percentile } from '../../bench/stats.ts';

/** A smoke of the bench harness (its statistics and the README table it writes), never a benchmark. */

describe('bench statistics', () => {
  it('median and percentile', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('judges a figure on its median ratio and reports the spread of the per-trial ratios', () => {
    // Trial ratios 1.2, 2.0, 1.4: one bad trial does not fail the figure, the spread shows it.
    const f = figure('fan-out p99', [12, 20, 14], 'ms', [10, 10, 10], { maxRatio: 1.5 });
    expect(f).toMatchObject({ value: 14, baseline: 10, ratio: 1.4, spread: [1.2, 2], trials: 3, ok: true });
    expect(figure('fan-out p99', [16, 20, 14], 'ms', [10, 10, 10], { maxRatio: 1.5 }).ok).toBe(false);
    expect(figure('search p95', [9, 11, 12], 'ms', [3, 3, 3], { maxValue: 10 })).toMatchObject({ value: 11, ok: false });
    expect(figure('export complete', [300, 200, 250], 'ms', null, {})).toMatchObject({ value: 250, ratio: null, spread: [200, 300], goal: '— (measured)', ok: true });
  });
});

describe('the README table', () => {
  const results: Results = {
    runAt: '2026-11-29T22:40:00.000Z',
    durationS: 612,
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux', node: 'v20', mode: 'full', trials: 3, pinning: 'taskset', loadAverageAtStart: [0.3], loadAverageAtEnd: [1.1] },
    figures: [figure('fan-out p50, 1000 lurkers', [12, 13, 11], 'ms', [10, 10, 10], { maxRatio: 1.5 }), figure('search p95', [12, 12, 12], 'ms', [3, 3, 3], { maxValue: 10 })],
  };

  it('names the run, the machine and its load, and the goals not met', () => {
    const section = readmeSection(results);
    expect(section).toContain('| fan-out p50, 1000 lurkers | 12 ms');
    expect(section).toContain('load average 0.3 at start, 1.1 at end');
    expect(section).toContain('Goals not met in this run: search p95.');
  });

  it('rewrites only what lies between the markers', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tj-readme-')), 'README.md');
    fs.writeFileSync(file, 'before\n<!-- bench:results:start -->\nold\n<!-- bench:results:end -->\nafter\n');
    writeReadmeTable(results, file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('before\n<!-- bench:results:start -->\nRun 2026-11-29 22:40 UTC')).toBe(true);
    expect(text.endsWith('<!-- bench:results:end -->\nafter\n')).toBe(true);
    expect(text).not.toContain('\nold\n');
  });
});
