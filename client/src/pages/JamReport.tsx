import { useMemo } from 'react';
import type { JamReport as Report } from '../../../shared/reports.ts';
import { Chart } from '../components/reports/Chart.tsx';
import { JamLinks } from '../components/JamLinks.tsx';
import { percent, useLoaded } from '../components/reports/useJson.ts';
import { reportsApi } from '../api/endpoints.ts';
import { SOURCE_LABEL } from '../../../shared/model.ts';
import { clockTime, seriesTime } from '../lib/time.ts';
import { NotFound } from '../components/NotFound.tsx';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const clock = (s: number) => clockTime(new Date(s * 1000).toISOString());

/** A jam's report for its hosts and community managers: reach, answers per question, who spoke. */
export default function JamReport({ slug }: { slug: string }) {
  const loaded = useLoaded(reportsApi.jamReport, slug);
  if (loaded.state === 'loading') return <p className="page muted">Loading the report…</p>;
  if (loaded.state === 'failed' && loaded.error.code === 'not_found') return <NotFound what="jam" />;
  if (loaded.state === 'failed') return <p role="alert" className="page error">{loaded.error.message}</p>;
  return <ReportView report={loaded.data} />;
}

function ReportView({ report }: { report: Report }) {
  const { jam, totals, viewers, reach } = report;
  // A live jam's minutes still to come have no figures yet: they are left out, not drawn as zeros.
  const now = seconds(report.generatedAt);
  const timeline = useMemo(() => {
    const minutes = report.timeline.filter((t) => seconds(t.at) <= now);
    return { x: minutes.map((t) => seconds(t.at)), series: [{ label: 'Messages', values: minutes.map((t) => t.messages), color: '#0b5cad' }] };
  }, [report, now]);
  const audience = useMemo(() => {
    const minutes = viewers.perMinute.filter((m) => seconds(m.minute) <= now);
    return {
      x: minutes.map((m) => seconds(m.minute)),
      series: [
        { label: 'Viewers', values: minutes.map((m) => m.viewers), color: '#6b3fa0' },
        { label: 'Lurkers', values: minutes.map((m) => m.lurkers), color: '#b3261e' },
      ],
    };
  }, [viewers, now]);
  const base = `/api/jams/${encodeURIComponent(jam.slug)}`;
  return (
    <div className="page">
      <p className="hashtag big">{jam.series.hashtag}</p>
      <h1>Report: {jam.title}</h1>
      <p className="small muted">
        <time dateTime={jam.startsAt}>{seriesTime(jam.startsAt, jam.timeZone)}</time> · {jam.status === 'live' ? 'live now, figures so far' : jam.status} · <a href={`/jams/${jam.slug}`}>{jam.status === 'ended' ? 'transcript' : 'the jam'}</a> · <a href={`${base}/report.csv?download`}>report.csv</a> ·{' '}
        <a href={`${base}/contributors.csv`}>contributors.csv</a> (hosts)
      </p>
      <JamLinks jam={jam} current="report" />

      <section aria-labelledby="r-figures">
        <h2 id="r-figures">At a glance</h2>
        <ul className="report-figures">
          <Figure label="Messages" value={totals.messages} />
          <Figure label="Participants" value={totals.participants} />
          <Figure label="New faces" value={totals.newFaces} />
          <Figure label="Returning" value={totals.returning} />
          <Figure label="Unique viewers" value={viewers.unique} />
          <Figure label="Lurker peak" value={viewers.peakLurkers} />
          <Figure label="Replies" value={totals.replies} />
          <Figure label="Boosts" value={totals.boosts} />
          <Figure label="Estimated reach" value={reach.estimated} />
        </ul>
        <p className="small muted">Estimated reach = {reach.formula}.</p>
      </section>

      <section aria-labelledby="r-timeline">
        <h2 id="r-timeline">Messages per minute</h2>
        <Chart title="Messages per minute" xHeading="Minute" x={timeline.x} series={timeline.series} formatX={clock} step={60} />
        {audience.x.length > 0 && <Chart title="Concurrent viewers per minute" xHeading="Minute" x={audience.x} series={audience.series} formatX={clock} step={60} />}
      </section>

      <section aria-labelledby="r-questions">
        <h2 id="r-questions">Questions</h2>
        <table className="report-table">
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Messages</th>
              <th scope="col">Replies</th>
              <th scope="col">People</th>
              <th scope="col">Coverage</th>
            </tr>
          </thead>
          <tbody>
            {report.questions.map((q) => (
              <tr key={q.n}>
                <th scope="row">
                  Q{q.n}: {q.text}
                </th>
                <td>{q.messages}</td>
                <td>{q.replies}</td>
                <td>{q.participants}</td>
                <td>{percent(q.coverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {report.panelistGrid.rows.length > 0 && (
        <section aria-labelledby="r-panel">
          <h2 id="r-panel">Panelists × questions</h2>
          <table className="report-table report-grid">
            <thead>
              <tr>
                <th scope="col">Panelist</th>
                {report.panelistGrid.questions.map((n) => (
                  <th scope="col" key={n}>
                    Q{n}
                  </th>
                ))}
                <th scope="col">Answered</th>
              </tr>
            </thead>
            <tbody>
              {report.panelistGrid.rows.map((row) => (
                <tr key={row.handle}>
                  <th scope="row">@{row.handle}</th>
                  {row.counts.map((count, i) => (
                    <td key={i} className={count > 0 ? 'answered' : undefined}>
                      {count > 0 ? count : <span aria-label="no answer">–</span>}
                    </td>
                  ))}
                  <td>
                    {row.answered}/{row.counts.length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <div className="two-col">
        <section aria-labelledby="r-top">
          <h2 id="r-top">Top contributors</h2>
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">Messages</th>
                <th scope="col">Replies</th>
                <th scope="col">Boosts received</th>
              </tr>
            </thead>
            <tbody>
              {report.topContributors.map((c) => (
                <tr key={`${c.source}:${c.handle}`}>
                  <th scope="row">
                    @{c.handle}
                    {c.source === 'native' ? '' : ` (${SOURCE_LABEL[c.source]})`}
                    {c.newFace ? ' · new' : ''}
                  </th>
                  <td>{c.messages}</td>
                  <td>{c.replies}</td>
                  <td>{c.boostsReceived}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="r-new">
          <h2 id="r-new">New faces ({report.newFaces.length})</h2>
          {report.newFaces.length === 0 ? (
            <p className="muted">Everyone had posted in this series before.</p>
          ) : (
            <ul className="plain">
              {report.newFaces.map((p) => (
                <li key={`${p.source}:${p.handle}`}>
                  @{p.handle} <span className="muted">{p.displayName}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <li>
      <span className="figure">{value.toLocaleString()}</span>
      <span className="small muted">{label}</span>
    </li>
  );
}
