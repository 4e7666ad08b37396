import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
// Styles travel with the component (Vite bundles CSS imports), so the lazily loaded pages bring their own.
// oxlint-disable-next-line import/no-unassigned-import
import 'uplot/dist/uPlot.min.css';
// oxlint-disable-next-line import/no-unassigned-import
import './reports.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

export interface ChartProps {
  title: string;
  /** Instants of the points, in seconds since the epoch (uPlot's time scale). */
  x: number[];
  series: ChartSeries[];
  /** How a point's instant reads in the table (a minute, a month, a jam's date). */
  formatX: (seconds: number) => string;
  xHeading: string;
  /** Typical spacing of points in seconds (a minute, a month): pads the x range, so one point sits mid-chart. */
  step: number;
  /** Ticks exactly at the points, labelled by `formatX` (months: never "Mar 15" between two months). */
  ticksAtPoints?: boolean;
  height?: number;
}

/** Whole numbers only on the count axis: these are people and messages. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

/**
 * A uPlot time-series chart, with the same numbers as a table beside it: the chart is decoration
 * for sighted readers, the table is what screen readers and copy-paste use.
 */
export function Chart({ title, x, series, formatX, xHeading, step, ticksAtPoints = false, height = 220 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const target = box.current;
    if (!target || x.length === 0) return;
    const plot = new uPlot(
      {
        title,
        width: Math.max(320, target.clientWidth || 640),
        height,
        series: [{ label: xHeading }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: x.length < 40 } }))],
        scales: {
          // From our own points: uPlot widens a single point's range by a day in milliseconds.
          x: { time: true, range: () => [x[0]! - step / 2, x[x.length - 1]! + step / 2] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [ticksAtPoints ? { splits: () => x, values: (_u, splits) => splits.map((s) => formatX(s)) } : {}, { label: 'count', incrs: COUNT_STEPS }],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      target,
    );
    return () => plot.destroy();
  }, [title, x, series, height, xHeading, step, ticksAtPoints, formatX]);

  return (
    <figure className="report-figure">
      <div ref={box} className="report-chart" role="img" aria-label={`${title} (chart; the table beside has the same numbers)`} />
      {/* A keyboard user scrolls a long table too: the region takes focus and says what it holds. */}
      <div className="report-table-wrap" tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
        <table className="report-table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{xHeading}</th>
              {series.map((s) => (
                <th scope="col" key={s.label}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.map((t, i) => (
              <tr key={t}>
                <th scope="row">{formatX(t)}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i] ?? '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
