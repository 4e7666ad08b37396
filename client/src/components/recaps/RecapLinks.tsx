import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { recapEditorPath, recapPath, type RecapSummary } from '../../../../shared/recaps.ts';
import { recapsApi } from '../../api/recaps.ts';
import { localTime } from '../../lib/time.ts';
import { useStore } from '../../store/index.ts';
import { allows, roleInJamView } from '../../../../shared/roles.ts';

/**
 * On an ended jam: "Read the recap" once one is published, and for its hosts "Write/Edit the recap".
 * `hosts` are the jam's hosts' handles.
 */
export function RecapLink({ slug, ended, hosts }: { slug: string; ended: boolean; hosts: string[] }) {
  const me = useStore((s) => s.me);
  const [published, setPublished] = useState(false);
  useEffect(() => {
    if (!ended) return;
    recapsApi.view(slug).then(
      () => setPublished(true),
      () => setPublished(false),
    );
  }, [slug, ended]);
  if (!ended) return null;
  const isHost = allows(roleInJamView(me, { hosts: hosts.map((handle) => ({ handle })) }), 'jam:host');
  if (!published && !isHost) return null;
  return (
    <span className="row">
      {published && <Link href={recapPath(slug)}>Read the recap</Link>}
      {isHost && <Link href={recapEditorPath(slug)}>{published ? 'Edit the recap' : 'Write a recap'}</Link>}
    </span>
  );
}

/** A list of recaps (a series' page, search results). */
export function RecapList({ recaps, showSeries = false }: { recaps: RecapSummary[]; showSeries?: boolean }) {
  return (
    <ul className="recap-list">
      {recaps.map((r) => (
        <li key={r.jamSlug} className="card">
          <Link href={r.permalink}>{r.title}</Link>
          {r.cover && <p className="small">{r.cover}</p>}
          <p className="small muted">
            {showSeries && <span className="hashtag">{r.hashtag}</span>} {showSeries && '·'} {localTime(r.startsAt)}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The recaps section of a series page; nothing until the series has one. */
export function SeriesRecaps({ seriesSlug }: { seriesSlug: string }) {
  const [recaps, setRecaps] = useState<RecapSummary[]>([]);
  useEffect(() => {
    recapsApi.ofSeries(seriesSlug).then(
      (r) => setRecaps(r.recaps),
      () => setRecaps([]),
    );
  }, [seriesSlug]);
  if (recaps.length === 0) return null;
  return (
    <section aria-labelledby="s-recaps">
      <h2 id="s-recaps">Recaps</h2>
      <RecapList recaps={recaps} />
    </section>
  );
}

/** Recaps matching a search, shown above message hits. */
export function RecapSearchHits({ query }: { query: string }) {
  const [found, setFound] = useState<{ query: string; recaps: RecapSummary[] }>({ query: '', recaps: [] });
  useEffect(() => {
    if (!query.trim()) return;
    recapsApi.search(query).then(
      (r) => setFound({ query, recaps: r.recaps }),
      () => setFound({ query, recaps: [] }),
    );
  }, [query]);
  // Results of an earlier query are not shown for this one.
  const recaps = found.query === query ? found.recaps : [];
  if (recaps.length === 0) return null;
  return (
    <div>
      <h3>Recaps</h3>
      <RecapList recaps={recaps} showSeries />
    </div>
  );
}
