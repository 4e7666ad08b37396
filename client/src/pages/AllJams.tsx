import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { JamSummary, SeriesView } from '../../../shared/model.ts';
import { jamsApi, seriesApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { ArchivedJam, UpcomingJam } from '../components/JamCards.tsx';

/** `/jams`: the directory — every series, and every jam by status, filterable by series and title. */
export default function AllJams() {
  const [data, setData] = useState<{ jams: JamSummary[]; series: SeriesView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [series, setSeries] = useState('');
  const [words, setWords] = useState('');

  useEffect(() => {
    document.title = 'All jams · TweetJam';
    Promise.all([jamsApi.list({ limit: 200 }), seriesApi.list()]).then(
      ([jams, list]) => setData({ jams: jams.jams, series: list.series }),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, []);

  const shown = useMemo(() => {
    const needle = words.trim().toLowerCase();
    return (data?.jams ?? []).filter((j) => (!series || j.series.slug === series) && (!needle || `${j.title} ${j.series.name} ${j.series.hashtag}`.toLowerCase().includes(needle)));
  }, [data, series, words]);

  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!data) return <p className="page muted">Loading…</p>;
  const live = shown.filter((j) => j.status === 'live');
  const upcoming = shown.filter((j) => j.status === 'scheduled').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = shown.filter((j) => j.status === 'ended');

  return (
    <div className="page">
      <h1>All jams</h1>
      <form className="row filters" role="search" aria-label="Filter jams" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="jams-series">Series</label>
        <select id="jams-series" value={series} onChange={(e) => setSeries(e.target.value)}>
          <option value="">Every series</option>
          {data.series.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.name} ({s.hashtag})
            </option>
          ))}
        </select>
        <label htmlFor="jams-words">Title</label>
        <input id="jams-words" type="search" value={words} onChange={(e) => setWords(e.target.value)} placeholder="Words in the title" />
      </form>
      {shown.length === 0 && <p className="muted">No jam matches.</p>}
      {live.length > 0 && (
        <section aria-labelledby="all-live">
          <h2 id="all-live">Live now</h2>
          <ul className="cards">
            {live.map((j) => (
              <li key={j.slug} className="card live-card">
                <p className="small">
                  <span className="status status-live">Live</span> <span className="hashtag">{j.series.hashtag}</span> · {j.viewers} watching
                </p>
                <h3>
                  <Link href={`/jams/${j.slug}`}>{j.title}</Link>
                </h3>
              </li>
            ))}
          </ul>
        </section>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="all-up">
          <h2 id="all-up">Upcoming</h2>
          <ul className="cards">
            {upcoming.map((j) => (
              <UpcomingJam key={j.slug} jam={j} />
            ))}
          </ul>
        </section>
      )}
      {past.length > 0 && (
        <section aria-labelledby="all-past">
          <h2 id="all-past">Past jams ({past.length})</h2>
          <ul className="cards">
            {past.map((j) => (
              <ArchivedJam key={j.slug} jam={j} />
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="all-series">
        <h2 id="all-series">Series</h2>
        <ul className="cards">
          {data.series.map((s) => (
            <li key={s.slug} className="card">
              <h3>
                <Link href={`/series/${s.slug}`}>{s.name}</Link>
              </h3>
              <p className="small">
                <span className="hashtag">{s.hashtag}</span> · hosted by {s.hosts.map((h) => h.displayName).join(', ')}
              </p>
              {s.description && <p className="small">{s.description}</p>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
