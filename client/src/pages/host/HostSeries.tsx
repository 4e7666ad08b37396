import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { JamSummary, SeriesView } from '../../../../shared/model.ts';
import { seriesApi, type BridgeState } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { localTime } from '../../lib/time.ts';
import { JamForm } from './JamForm.tsx';
import { SeriesForm } from './SeriesForm.tsx';

/** `/host/series/:slug`: edit the series, see its jams, plan a new one, and the X bridge state. */
export default function HostSeries() {
  const { slug } = useParams<{ slug: string }>();
  const [data, setData] = useState<{ series: SeriesView; jams: JamSummary[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, navigate] = useLocation();
  useEffect(() => {
    seriesApi.view(slug).then(setData, (e: unknown) => setError(describeError(toApiError(e))));
  }, [slug]);
  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!data) return <p className="page muted">Loading…</p>;
  const { series, jams } = data;
  return (
    <div className="page">
      <p className="small">
        <Link href="/host">Host console</Link> › {series.name}
      </p>
      <h1>
        {series.name} <span className="hashtag">{series.hashtag}</span>
      </h1>
      <BridgeStatus slug={slug} />
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
                  <span className="small muted">{localTime(j.startsAt)}</span>
                </li>
              ))}
            </ul>
          )}
          <h2>Plan a jam</h2>
          <JamForm series={series} onSaved={(jam) => navigate(`/host/jams/${jam.slug}`)} />
        </section>
        <section aria-labelledby="edit-series" className="panel">
          <h2 id="edit-series">Series settings</h2>
          <SeriesForm series={series} onSaved={(s) => setData({ series: s, jams })} />
        </section>
      </div>
    </div>
  );
}

/** Shown only where the X bridge exists: GET /api/series/:slug/x answers 200. */
function BridgeStatus({ slug }: { slug: string }) {
  const [bridge, setBridge] = useState<BridgeState | null>(null);
  useEffect(() => {
    seriesApi.bridge(slug).then(
      (r) => setBridge(r.bridge),
      () => setBridge(null),
    );
  }, [slug]);
  if (!bridge) return null;
  const label = { unlinked: 'Not linked', ok: 'Working', rate_limited: 'Rate limited by X', broken: 'Broken' }[bridge.state];
  return (
    <section className={`panel bridge bridge-${bridge.state}`} aria-labelledby="bridge-title">
      <h2 id="bridge-title">X bridge: {label}</h2>
      <p className="small">
        {bridge.account ? `Account @${bridge.account.username}` : 'No X account linked'} · {bridge.inboundCount} in · {bridge.outboundCount} out
        {bridge.lastSyncAt && ` · last sync ${localTime(bridge.lastSyncAt)}`}
      </p>
      {bridge.lastError && <p className="error small">{bridge.lastError}</p>}
    </section>
  );
}
