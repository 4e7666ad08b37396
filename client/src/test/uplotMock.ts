import { vi } from 'vitest';

/** uPlot draws on a canvas that happy-dom lacks: tests record what each chart was given instead. */
export const charts: { title: string; labels: string[]; data: unknown[][]; xAxis: XAxis }[] = [];

type XAxis = { splits?: () => number[]; values?: (u: unknown, splits: number[]) => string[] } | undefined;

export class FakePlot {
  constructor(options: { title?: string; series: { label?: string }[]; axes?: XAxis[] }, data: unknown[][]) {
    charts.push({ title: options.title ?? '', labels: options.series.map((s) => s.label ?? ''), data, xAxis: options.axes?.[0] });
  }
  destroy = vi.fn();
}
