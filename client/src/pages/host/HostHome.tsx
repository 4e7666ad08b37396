import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { SeriesView } from '../../../../shared/model.ts';
import { allows, roleInJamView } from '../../../../shared/roles.ts';
import { seriesApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { useStore } from '../../store/index.ts';
import { SeriesForm } from './SeriesForm.tsx';

/** `/host`: the series this person hosts, and a form for a new one. */
export default function HostHome() {
  const me = useStore((s) => s.me)!;
  const [series, setSeries] = useState<SeriesView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Host console · TweetJam';
    seriesApi.list().then(
      (r) => setSeries(r.series.filter((s) => allows(roleInJamView({ handle: me.handle }, s), 'series:manage'))),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [me.handle]);
  return (
    <div className="page">
      <h1>Host console</h1>
      {error && <p role="alert" className="error">{error}</p>}
      <section aria-labelledby="my-series">
        <h2 id="my-series">Your series</h2>
        {series === null ? (
          <p className="muted">Loading…</p>
        ) : series.length === 0 ? (
          <p className="muted">You do not host a series yet. Create one below.</p>
        ) : (
          <ul className="cards">
            {series.map((s) => (
              <li key={s.slug} className="card">
                <h3>
                  <Link href={`/host/series/${s.slug}`}>{s.name}</Link>
                </h3>
                <p className="small">
                  <span className="hashtag">{s.hashtag}</span> · {s.timeZone}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="new-series" className="panel">
        <h2 id="new-series">New series</h2>
        <SeriesForm />
      </section>
    </div>
  );
}
