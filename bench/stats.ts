/** Small statistics and formatting for bench results. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The middle value (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Goal {
  maxRatio?: number;
  minRatio?: number;
  maxValue?: number;
  equals?: number;
}

export interface Figure {
  name: string;
  /** The median over the trials (or the one measurement). */
  value: number;
  unit: string;
  /** The same measure on the bare Socket.IO server (or the bare engine query for search): its median. */
  baseline: number | null;
  /** The median of the per-trial ratios TweetJam / baseline (each trial paired with the baseline trial beside it). */
  ratio: number | null;
  /** min–max of the per-trial ratios (or of the values, for a figure without a baseline). */
  spread: [number, number] | null;
  trials: number;
  goal: string;
  /** Judged on the medians only. */
  ok: boolean;
}

const round = (n: number, digits = 3) => (Number.isFinite(n) ? Number(n.toPrecision(digits)) : n);

/**
 * A figure from paired trials: `values[i]` (TweetJam) was measured beside `baselines[i]`. Judged
 * on the median value and the median per-trial ratio against the goal.
 */
export function figure(name: string, values: number | number[], unit: string, baselines: number | number[] | null, goal: Goal): Figure {
  const vs = Array.isArray(values) ? values : [values];
  const bs = baselines === null ? null : Array.isArray(baselines) ? baselines : [baselines];
  const value = median(vs);
  const baseline = bs === null ? null : median(bs);
  const ratios = bs === null ? [] : vs.map((v, i) => v / bs[i]!).filter((r) => Number.isFinite(r));
  const ratio = bs === null ? null : ratios.length > 0 ? median(ratios) : null;
  const spreadOf = bs === null ? vs : ratios;
  const spread: [number, number] | null = spreadOf.length > 1 ? [round(Math.min(...spreadOf)), round(Math.max(...spreadOf))] : null;
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
  return { name, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: ratio === null ? null : round(ratio), spread, trials: vs.length, goal: words.join(', ') || '— (measured)', ok };
}

export function table(figures: Figure[]): string {
  const rows = [
    ['figure', 'TweetJam', 'baseline', 'ratio (median)', 'spread', 'goal', 'ok'],
    ...figures.map((f) => [
      f.name,
      `${f.value} ${f.unit}`,
      f.baseline === null ? '—' : `${f.baseline} ${f.unit}`,
      f.ratio === null ? '—' : `${f.ratio}×`,
      f.spread === null ? '—' : f.baseline === null ? `${f.spread[0]}–${f.spread[1]} ${f.unit}` : `${f.spread[0]}–${f.spread[1]}×`,
      f.goal,
      f.ok ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
