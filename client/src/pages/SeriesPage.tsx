import { useEffect, useState } from 'react';
import { useParams } from 'wouter';
import type { JamSummary, SeriesView } from '../../../shared/model.ts';
import { seriesApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { ArchivedJam, UpcomingJam } from '../components/JamCards.tsx';
import { Link } from 'wouter';

/** A series: its hashtag, rules, what is coming and its past jams. */
export default function SeriesPage() {
  const { slug } = useParams<{ slug: string }>();
  const [data, setData] = useState<{ series: SeriesView; jams: JamSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    seriesApi.view(slug).then(
      (d) => {
        setData(d);
        document.title = `${d.series.name} ${d.series.hashtag} · TweetJam`;
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [slug]);
  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!data) return <p className="page muted">Loading…</p>;
  const { series, jams } = data;
  const live = jams.filter((j) => j.status === 'live');
  const upcoming = jams.filter((j) => j.status === 'scheduled').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = jams.filter((j) => j.status === 'ended');
  return (
    <div className="page">
      <p className="hashtag big">{series.hashtag}</p>
      <h1>{series.name}</h1>
      {series.description && <p>{series.description}</p>}
      <p className="small muted">
        Hosted by {series.hosts.map((h) => h.displayName).join(', ')} · times shown in your time zone (the series runs on {series.timeZone})
      </p>
      {series.rules && (
        <details className="panel">
          <summary>Rules</summary>
          <p className="rules-text">{series.rules}</p>
        </details>
      )}
      {live.length > 0 && (
        <section aria-labelledby="s-live">
          <h2 id="s-live">Live now</h2>
          <ul className="cards">
            {live.map((j) => (
              <li key={j.slug} className="card live-card">
                <span className="status status-live">Live</span> <Link href={`/jams/${j.slug}`}>{j.title}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="s-up">
        <h2 id="s-up">Upcoming</h2>
        {upcoming.length === 0 ? <p className="muted">Nothing scheduled yet.</p> : <ul className="cards">{upcoming.map((j) => <UpcomingJam key={j.slug} jam={j} />)}</ul>}
      </section>
      <section aria-labelledby="s-past">
        <h2 id="s-past">Past jams</h2>
        {past.length === 0 ? <p className="muted">No past jams yet.</p> : <ul className="cards">{past.map((j) => <ArchivedJam key={j.slug} jam={j} />)}</ul>}
      </section>
    </div>
  );
}
