/** Small statistics and formatting for bench results. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same measure on the bare Socket.IO server (or the bare engine query for search). */
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  goal: string;
  ok: boolean;
}

const round = (n: number, digits = 3) => (Number.isFinite(n) ? Number(n.toPrecision(digits)) : n);

/** A figure judged against a goal on its ratio to the baseline (max or min) or on its value. */
export function figure(name: string, value: number, unit: string, baseline: number | null, goal: { maxRatio?: number; minRatio?: number; maxValue?: number; equals?: number }): Figure {
  const ratio = baseline !== null && baseline !== 0 ? value / baseline : null;
  let ok = Number.isFinite(value);
  const words: string[] = [];
  if (goal.maxRatio !== undefined) {
    ok &&= ratio !== null && ratio <= goal.maxRatio;
    words.push(`≤ ${goal.maxRatio}× baseline`);
  }
  if (goal.minRatio !== undefined) {
    ok &&= ratio !== null && ratio >= goal.minRatio;
    words.push(`≥ ${goal.minRatio}× baseline`);
  }
  if (goal.maxValue !== undefined) {
    ok &&= value <= goal.maxValue;
    words.push(`≤ ${goal.maxValue} ${unit}`);
  }
  if (goal.equals !== undefined) {
    ok &&= value === goal.equals;
    words.push(`= ${goal.equals}`);
  }
  return { name, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: ratio === null ? null : round(ratio), goal: words.join(', '), ok };
}

export function table(figures: Figure[]): string {
  const rows = [['figure', 'TweetJam', 'baseline', 'ratio', 'goal', 'ok'], ...figures.map((f) => [f.name, `${f.value} ${f.unit}`, f.baseline === null ? '—' : `${f.baseline} ${f.unit}`, f.ratio === null ? '—' : `${f.ratio}×`, f.goal, f.ok ? 'yes' : 'NO'])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
