import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { JamSummary, JamView, SeriesView } from '../../../shared/model.ts';
import { jamsApi, seriesApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { ArchivedJam, UpcomingJam } from '../components/JamCards.tsx';
import { SearchResults } from '../components/SearchResults.tsx';
import { useStore } from '../store/index.ts';

interface HomeData {
  live: JamView[];
  upcoming: JamSummary[];
  archived: JamSummary[];
  series: SeriesView[];
}

/** Home: live now, upcoming in the reader's time, the searchable archive, and the series. */
export default function Home() {
  const [data, setData] = useState<HomeData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const search = useStore((s) => s.search);

  useEffect(() => {
    document.title = 'TweetJam';
    (async () => {
      const [live, upcoming, archived, series] = await Promise.all([jamsApi.list({ status: 'live' }), jamsApi.list({ status: 'scheduled', limit: 20 }), jamsApi.list({ status: 'ended', limit: 50 }), seriesApi.list()]);
      // Summaries carry the current question's number; the live cards show its text.
      const views = await Promise.all(live.jams.map((j) => jamsApi.view(j.slug).then((r) => r.jam)));
      setData({ live: views, upcoming: upcoming.jams.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt)), archived: archived.jams, series: series.series });
    })().catch((e: unknown) => setError(describeError(toApiError(e))));
    return () => useStore.getState().clearSearch();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void useStore.getState().runSearch(filter);
  };

  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!data) return <p className="page muted">Loading…</p>;
  const words = filter.trim().toLowerCase();
  const archived = words ? data.archived.filter((j) => `${j.title} ${j.series.name} ${j.series.hashtag}`.toLowerCase().includes(words)) : data.archived;

  return (
    <div className="page home">
      <h1>Tweet jams</h1>
      <section aria-labelledby="live-title">
        <h2 id="live-title">Live now</h2>
        {data.live.length === 0 ? (
          <p className="muted">Nothing is live right now.</p>
        ) : (
          <ul className="cards">
            {data.live.map((jam) => {
              const q = jam.show.currentQuestion ? jam.questions[jam.show.currentQuestion - 1] : null;
              return (
                <li key={jam.slug} className="card live-card">
                  <p className="small">
                    <span className="status status-live">Live</span> <span className="hashtag">{jam.series.hashtag}</span> · {jam.viewers} watching
                  </p>
                  <h3>
                    <Link href={`/jams/${jam.slug}`}>{jam.title}</Link>
                  </h3>
                  <p>{q ? `Q${q.n}: ${q.text}` : 'Starting: the first question comes soon.'}</p>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Upcoming</h2>
        {data.upcoming.length === 0 ? (
          <p className="muted">No jams are scheduled.</p>
        ) : (
          <ul className="cards">
            {data.upcoming.map((jam) => (
              <UpcomingJam key={jam.slug} jam={jam} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="archive-title">
        <h2 id="archive-title">Archive</h2>
        <form className="search row" role="search" onSubmit={submit}>
          <label htmlFor="home-search" className="visually-hidden">
            Search the archive
          </label>
          <input id="home-search" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Filter jams, or search every message" />
          <button type="submit">Search messages</button>
        </form>
        {search && (
          <div className="panel">
            <h3>{search.loading ? 'Searching…' : `${search.hits.length} messages match “${search.text}”`}</h3>
            {search.error ? <p role="alert" className="error">{search.error}</p> : !search.loading && <SearchResults hits={search.hits} showJam />}
          </div>
        )}
        {archived.length === 0 ? (
          <p className="muted">No archived jams{words ? ' match' : ' yet'}.</p>
        ) : (
          <ul className="cards">
            {archived.map((jam) => (
              <ArchivedJam key={jam.slug} jam={jam} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="series-title">
        <h2 id="series-title">Series</h2>
        <ul className="cards">
          {data.series.map((s) => (
            <li key={s.slug} className="card">
              <h3>
                <Link href={`/series/${s.slug}`}>{s.name}</Link>
              </h3>
              <p className="small">
                <span className="hashtag">{s.hashtag}</span> · hosted by {s.owner.displayName}
              </p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
