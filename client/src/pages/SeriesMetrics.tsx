import { useMemo } from 'react';
import type { SeriesMetrics as Metrics } from '../../../shared/reports.ts';
import { Chart } from '../components/reports/Chart.tsx';
import { percent, useLoaded } from '../components/reports/useJson.ts';
import { reportsApi } from '../api/endpoints.ts';
import { SOURCE_LABEL } from '../../../shared/model.ts';
import { NotFound } from '../components/NotFound.tsx';
import { count } from '../lib/count.ts';

/** "2026-03" as the instant of the 1st, mid-day UTC, so no zone moves it into another month. */
const monthSeconds = (month: string) => Date.parse(`${month}-01T12:00:00Z`) / 1000;
const monthLabel = (s: number) => new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(s * 1000));
const dayLabel = (s: number) => new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(s * 1000));

/** Community metrics of a series for its community managers: active, new, returning, viewers, super users. */
export default function SeriesMetrics({ slug }: { slug: string }) {
  const loaded = useLoaded(reportsApi.seriesMetrics, slug);
  if (loaded.state === 'loading') return <p className="page muted">Loading metrics…</p>;
  if (loaded.state === 'failed' && loaded.error.code === 'not_found') return <NotFound what="series" />;
  if (loaded.state === 'failed') return <p role="alert" className="page error">{loaded.error.message}</p>;
  return <MetricsView metrics={loaded.data} />;
}

function MetricsView({ metrics }: { metrics: Metrics }) {
  const { series, months, jams, superUsers, totals } = metrics;
  const monthly = useMemo(
    () => ({
      x: months.map((m) => monthSeconds(m.month)),
      series: [
        { label: 'Active', values: months.map((m) => m.activeParticipants), color: '#0b5cad' },
        { label: 'New', values: months.map((m) => m.newParticipants), color: '#2f855a' },
        { label: 'Returning', values: months.map((m) => m.returningParticipants), color: '#6b3fa0' },
        { label: 'Unique viewers', values: months.map((m) => m.uniqueViewers), color: '#b3261e' },
      ],
    }),
    [months],
  );
  const perJam = useMemo(
    () => ({
      x: jams.map((j) => Math.floor(Date.parse(j.startsAt) / 1000)),
      series: [
        { label: 'Participants', values: jams.map((j) => j.participants), color: '#0b5cad' },
        { label: 'Unique viewers', values: jams.map((j) => j.uniqueViewers), color: '#b3261e' },
      ],
    }),
    [jams],
  );
  const base = `/api/series/${encodeURIComponent(series.slug)}`;
  const feed = typeof location === 'undefined' ? `${base}/calendar.ics` : `webcal://${location.host}${base}/calendar.ics`;
  return (
    <div className="page">
      <p className="hashtag big">{series.hashtag}</p>
      <h1>Community metrics: {series.name}</h1>
      <p className="small muted">
        {count(totals.jams, 'jam')} · {count(totals.messages, 'message')} · {count(totals.participants, 'person', 'people')} posted · {count(totals.uniqueViewers, 'unique viewer')} · months in {series.timeZone} ·{' '}
        <a href={`${base}/metrics.csv?download`}>metrics.csv</a> · <a href={feed}>subscribe to the calendar</a> · <a href={`/series/${series.slug}`}>the series page</a>
      </p>

      {jams.length === 0 ? (
        <p className="muted">No jam has happened yet; figures appear after the first one starts.</p>
      ) : (
        <>
          <section aria-labelledby="m-months">
            <h2 id="m-months">Per month</h2>
            <Chart title="Participants and viewers per month" xHeading="Month" x={monthly.x} series={monthly.series} formatX={monthLabel} step={30 * 86_400} ticksAtPoints />
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Jams</th>
                  <th scope="col">Messages</th>
                  <th scope="col">Retention from previous month</th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{monthLabel(monthSeconds(m.month))}</th>
                    <td>{m.jams}</td>
                    <td>{m.messages}</td>
                    <td>{percent(m.retention)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="m-jams">
            <h2 id="m-jams">Per jam</h2>
            <Chart title="Participants and viewers per jam" xHeading="Jam" x={perJam.x} series={perJam.series} formatX={dayLabel} step={7 * 86_400} />
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Jam</th>
                  <th scope="col">Participants</th>
                  <th scope="col">New</th>
                  <th scope="col">Returning</th>
                  <th scope="col">Came back next jam</th>
                </tr>
              </thead>
              <tbody>
                {jams.map((j) => (
                  <tr key={j.slug}>
                    <th scope="row">
                      <a href={`/jams/${j.slug}`}>{j.title}</a> <span className="small muted">{dayLabel(Math.floor(Date.parse(j.startsAt) / 1000))}</span>
                      <span className="small">
                        {' '}
                        · <a href={`/jams/${j.slug}/report`}>report</a> · <a href={`/jams/${j.slug}/digest`}>digest</a>
                      </span>
                    </th>
                    <td>{j.participants}</td>
                    <td>{j.newParticipants}</td>
                    <td>{j.returningParticipants}</td>
                    <td>{percent(j.retentionNext)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="m-super">
            <h2 id="m-super">Super users</h2>
            {superUsers.length === 0 ? (
              <p className="muted">Nobody has posted in two jams yet.</p>
            ) : (
              <table className="report-table">
                <thead>
                  <tr>
                    <th scope="col">Who</th>
                    <th scope="col">Jams</th>
                    <th scope="col">Consistency</th>
                    <th scope="col">Messages</th>
                  </tr>
                </thead>
                <tbody>
                  {superUsers.map((s) => (
                    <tr key={`${s.source}:${s.handle}`}>
                      <th scope="row">
                        @{s.handle}
                        {s.source === 'native' ? '' : ` (${SOURCE_LABEL[s.source]})`}
                      </th>
                      <td>{s.jams}</td>
                      <td>{percent(s.consistency)}</td>
                      <td>{s.messages}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
