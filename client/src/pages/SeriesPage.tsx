import { useEffect, useState } from 'react';
import { useParams } from 'wouter';
import type { JamSummary, SeriesView } from '../../../shared/model.ts';
import { seriesApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { ArchivedJam, UpcomingJam } from '../components/JamCards.tsx';
import { Link } from 'wouter';
import { SeriesRecaps } from '../components/recaps/RecapLinks.tsx';
import { EmbedCode } from '../components/embeds/EmbedCode.tsx';
import type { ErrorCode } from '../../../shared/errors.ts';
import { allows, roleInJamView } from '../../../shared/roles.ts';
import { NotFound } from '../components/NotFound.tsx';
import { useStore } from '../store/index.ts';

/** A series: its hashtag, rules, what is coming and its past jams. */
export default function SeriesPage() {
  const { slug } = useParams<{ slug: string }>();
  const [data, setData] = useState<{ series: SeriesView; jams: JamSummary[] } | null>(null);
  const [error, setError] = useState<{ code: ErrorCode; text: string } | null>(null);
  const me = useStore((s) => s.me);
  useEffect(() => {
    seriesApi.view(slug).then(
      (d) => {
        setData(d);
        document.title = `${d.series.name} ${d.series.hashtag} · TweetJam`;
      },
      (e: unknown) => {
        const apiError = toApiError(e);
        setError({ code: apiError.code, text: describeError(apiError) });
      },
    );
  }, [slug]);
  if (error?.code === 'not_found') return <NotFound what="series" />;
  if (error) return <p role="alert" className="error page">{error.text}</p>;
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
        Hosted by {series.hosts.map((h) => h.displayName).join(', ')} · times in the series’ zone ({series.timeZone}), yours beside them
      </p>
      <nav className="jam-links small" aria-label="Numbers and summaries">
        <ul className="plain row">
          <li>
            <Link href={`/series/${series.slug}/metrics`}>Community metrics</Link>
          </li>
          {past[0] && (
            <li>
              <Link href={`/jams/${past[0].slug}/report`}>Latest jam’s report</Link>
            </li>
          )}
          {past[0] && (
            <li>
              <Link href={`/jams/${past[0].slug}/digest`}>Latest jam’s digest</Link>
            </li>
          )}
        </ul>
      </nav>
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
      <SeriesRecaps seriesSlug={series.slug} />
      <section aria-labelledby="s-past">
        <h2 id="s-past">Past jams</h2>
        {past.length === 0 ? <p className="muted">No past jams yet.</p> : <ul className="cards">{past.map((j) => <ArchivedJam key={j.slug} jam={j} />)}</ul>}
      </section>
      {allows(roleInJamView(me, series), 'series:manage') && <EmbedCode seriesSlug={series.slug} jams={[...live, ...upcoming, ...past]} />}
    </div>
  );
}
