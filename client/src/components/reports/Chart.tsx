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
  height?: number;
}

/**
 * A uPlot time-series chart, with the same numbers as a table beside it: the chart is decoration
 * for sighted readers, the table is what screen readers and copy-paste use.
 */
export function Chart({ title, x, series, formatX, xHeading, height = 220 }: ChartProps) {
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
        axes: [{}, { label: 'count' }],
      },
      [x, ...series.map((s) => s.values)] as uPlot.AlignedData,
      target,
    );
    return () => plot.destroy();
  }, [title, x, series, height, xHeading]);

  return (
    <figure className="report-figure">
      <div ref={box} className="report-chart" role="img" aria-label={`${title} (chart; the table beside has the same numbers)`} />
      <figcaption className="small muted">{title}</figcaption>
      <div className="report-table-wrap">
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
