import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { JamSummary, SeriesView } from '../../../../shared/model.ts';
import { seriesApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { useStore } from '../../store/index.ts';
import { seriesTime } from '../../lib/time.ts';
import { CannedPostsEditor } from './series/CannedPostsEditor.tsx';
import { Integrations } from './series/integrations.tsx';
import { JamForm } from './JamForm.tsx';
import { SeriesForm } from './SeriesForm.tsx';
import { AutomodPanel } from '../../components/interaction/AutomodPanel.tsx';

/** `/host/series/:slug`: edit the series, see its jams, plan a new one, canned posts, and its integrations (X, webhooks). */
export default function HostSeries() {
  const { slug } = useParams<{ slug: string }>();
  const [data, setData] = useState<{ series: SeriesView; jams: JamSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const me = useStore((s) => s.me);
  useEffect(() => {
    seriesApi.view(slug).then(setData, (e: unknown) => setError(describeError(toApiError(e))));
  }, [slug]);
  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!data) return <p className="page muted">Loading…</p>;
  const { series, jams } = data;
  const isOwner = !!me && me.handle.toLowerCase() === series.owner.handle.toLowerCase();
  return (
    <div className="page">
      <p className="small">
        <Link href="/host">Host console</Link> › {series.name}
      </p>
      <h1>
        {series.name} <span className="hashtag">{series.hashtag}</span>
      </h1>
      <div className="two-col">
        <section aria-labelledby="jams-title" className="panel">
          <h2 id="jams-title">Jams</h2>
          {jams.length === 0 ? (
            <p className="muted">No jams yet.</p>
          ) : (
            <ul className="plain">
              {jams.map((j) => (
                <li key={j.slug} className="row between">
                  <span>
                    <span className={`status status-${j.status}`}>{j.status}</span> <Link href={`/host/jams/${j.slug}`}>{j.title}</Link>
                  </span>
                  <span className="small muted">{seriesTime(j.startsAt, series.timeZone)}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Plan a jam</h2>
          <JamForm series={series} onSaved={(jam) => navigate(`/host/jams/${jam.slug}`)} />
        </section>
        <div>
          <section aria-labelledby="edit-series" className="panel">
            <h2 id="edit-series">Series settings</h2>
            <SeriesForm series={series} onSaved={(s) => setData({ series: s, jams })} />
          </section>
          <CannedPostsEditor seriesSlug={series.slug} />
          <section aria-labelledby="automod-title" className="panel">
            <h2 id="automod-title">Automatic moderation</h2>
            <AutomodPanel seriesSlug={series.slug} />
          </section>
        </div>
      </div>
      <Integrations series={series} isOwner={isOwner} />
    </div>
  );
}
