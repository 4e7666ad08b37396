import { lazy, Suspense, useEffect, useState } from 'react';
import { useParams, useSearch } from 'wouter';
import { jamsApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { useStore } from '../store/index.ts';

const LiveJam = lazy(() => import('./LiveJam.tsx'));
const ArchiveReader = lazy(() => import('./ArchiveReader.tsx'));

/** `/jams/:slug` and `/jams/:slug/m/:id`: the live view, or the archive once the jam has ended. */
export default function JamPage() {
  const { slug, id } = useParams<{ slug: string; id?: string }>();
  const search = useSearch();
  const jam = useStore((s) => (s.jam?.slug === slug ? s.jam : null));
  const handle = useStore((s) => s.me?.handle ?? null);
  const [error, setError] = useState<string | null>(null);
  // The status when the page opened decides the view; a jam ending while watched stays live.
  const [mode, setMode] = useState<'live' | 'archive' | null>(null);

  useEffect(() => {
    let stale = false;
    jamsApi.view(slug).then(
      (r) => {
        if (stale) return;
        // Re-fetched on sign-in/out: the viewer (role, rules accepted) belongs to the session.
        useStore.getState().openJam(r.jam, handle ? (r.viewer ?? null) : null);
        setError(null);
        setMode((m) => m ?? (r.jam.status === 'ended' ? 'archive' : 'live'));
        document.title = `${r.jam.title} ${r.jam.series.hashtag} · TweetJam`;
      },
      (e: unknown) => !stale && setError(describeError(toApiError(e))),
    );
    return () => {
      stale = true;
    };
  }, [slug, handle]);

  useEffect(() => () => useStore.getState().closeJam(), []);

  const wantsArchive = new URLSearchParams(search).has('archive');
  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!jam || !mode) return <p className="page muted">Loading the jam…</p>;
  return (
    <Suspense fallback={<p className="page muted">Loading…</p>}>{mode === 'archive' || (wantsArchive && jam.status === 'ended') ? <ArchiveReader slug={slug} highlightId={id ?? null} /> : <LiveJam highlightId={id ?? null} />}</Suspense>
  );
}
