import { vi } from 'vitest';

/** uPlot draws on a canvas that happy-dom lacks: tests record what each chart was given instead. */
export const charts: { title: string; labels: string[]; data: unknown[][] }[] = [];

export class FakePlot {
  constructor(options: { title?: string; series: { label?: string }[] }, data: unknown[][]) {
    charts.push({ title: options.title ?? '', labels: options.series.map((s) => s.label ?? ''), data });
  }
  destroy = vi.fn();
}
