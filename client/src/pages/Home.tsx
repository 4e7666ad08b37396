import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { JamSummary, JamView } from '../../../shared/model.ts';
import { jamsApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { ArchivedJam, UpcomingJam } from '../components/JamCards.tsx';
import { SearchForm } from '../components/SearchForm.tsx';
import { hitCount, SearchResults } from '../components/SearchResults.tsx';
import { RecapSearchHits } from '../components/recaps/RecapLinks.tsx';
import { useStore } from '../store/index.ts';

interface HomeData {
  live: JamView[];
  upcoming: JamSummary[];
  recent: JamSummary[];
}

/** How many past jams the home page shows; the rest are on /jams. */
const RECENT = 6;

/** Home: what a jam is and how to join or host one, what is live and coming, and message search. */
export default function Home() {
  const [data, setData] = useState<HomeData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useStore((s) => s.search);
  const me = useStore((s) => s.me);

  useEffect(() => {
    document.title = 'TweetJam · live Q&A chats under one hashtag';
    (async () => {
      const [live, upcoming, archived] = await Promise.all([jamsApi.list({ status: 'live' }), jamsApi.list({ status: 'scheduled', limit: 20 }), jamsApi.list({ status: 'ended', limit: RECENT })]);
      // Summaries carry the current question's number; the live cards show its text.
      const views = await Promise.all(live.jams.map((j) => jamsApi.view(j.slug).then((r) => r.jam)));
      setData({ live: views, upcoming: upcoming.jams.slice().sort((a, b) => a.startsAt.localeCompare(b.startsAt)), recent: archived.jams });
    })().catch((e: unknown) => setError(describeError(toApiError(e))));
    return () => useStore.getState().clearSearch();
  }, []);

  const hostHref = me ? '/host' : `/signin?mode=signup&next=${encodeURIComponent('/host')}`;
  const firstLive = data?.live[0];

  return (
    <div className="page home">
      <section className="intro" aria-labelledby="intro-title">
        <h1 id="intro-title">Live Q&amp;A chats under one hashtag</h1>
        <p className="lead">A jam is an hour-long chat: the host posts questions Q1, Q2 … on a schedule, panelists and everyone else answer with A1, A2 …, and the whole thing stays readable afterwards.</p>
        <p className="lead">Join one by opening a live jam (watch without an account, sign in to post); host one by creating a series with its own hashtag and planning the questions.</p>
        <p className="row">
          {firstLive && (
            <Link className="button primary" href={`/jams/${firstLive.slug}`}>
              Join the live jam
            </Link>
          )}
          <Link className={firstLive ? 'button' : 'button primary'} href={hostHref}>
            Host a jam
          </Link>
        </p>
      </section>

      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && (
        <>
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
            <h2 id="archive-title">From the archive</h2>
            <SearchForm id="home-search" label="Search every message of every jam" placeholder="Search every message of every jam" />
            {search ? (
              <div className="panel">
                <h3>{search.loading ? 'Searching…' : `${hitCount(search)} “${search.text}”`}</h3>
                <RecapSearchHits query={search.text} />
                {search.error ? <p role="alert" className="error">{search.error}</p> : !search.loading && <SearchResults hits={search.hits} showJam />}
              </div>
            ) : data.recent.length === 0 ? (
              <p className="muted">No jam has ended yet.</p>
            ) : (
              <>
                <ul className="cards">
                  {data.recent.map((jam) => (
                    <ArchivedJam key={jam.slug} jam={jam} />
                  ))}
                </ul>
                <p>
                  <Link href="/jams">Every jam and series →</Link>
                </p>
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
