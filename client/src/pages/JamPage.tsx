import { lazy, Suspense, useEffect, useState } from 'react';
import { useParams, useSearch } from 'wouter';
import type { ErrorCode } from '../../../shared/errors.ts';
import { jamsApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { NotFound } from '../components/NotFound.tsx';
import { useStore } from '../store/index.ts';

const LiveJam = lazy(() => import('./LiveJam.tsx'));
const ArchiveReader = lazy(() => import('./ArchiveReader.tsx'));
const ScheduledJam = lazy(() => import('./ScheduledJam.tsx'));

/** `/jams/:slug` and `/jams/:slug/m/:id`: the upcoming page, the live view, or the archive once ended. */
export default function JamPage() {
  const { slug, id } = useParams<{ slug: string; id?: string }>();
  const search = useSearch();
  const jam = useStore((s) => (s.jam?.slug === slug ? s.jam : null));
  const handle = useStore((s) => s.me?.handle ?? null);
  const [error, setError] = useState<{ code: ErrorCode; text: string } | null>(null);
  // The status when the page opened decides the view; a jam ending while watched stays live.
  const [mode, setMode] = useState<'scheduled' | 'live' | 'archive' | null>(null);

  useEffect(() => {
    let stale = false;
    jamsApi.view(slug).then(
      (r) => {
        if (stale) return;
        // Re-fetched on sign-in/out: the viewer (role, rules accepted) belongs to the session.
        useStore.getState().openJam(r.jam, handle ? (r.viewer ?? null) : null, r.stream);
        setError(null);
        // The archive's first page is asked for now, while the reader's code is still loading.
        if (r.jam.status === 'ended') void useStore.getState().loadTranscript(slug, id ?? null);
        setMode((m) => m ?? (r.jam.status === 'ended' ? 'archive' : r.jam.status === 'scheduled' ? 'scheduled' : 'live'));
        document.title = `${r.jam.title} ${r.jam.series.hashtag} · TweetJam`;
      },
      (e: unknown) => {
        if (stale) return;
        const apiError = toApiError(e);
        setError({ code: apiError.code, text: describeError(apiError) });
      },
    );
    return () => {
      stale = true;
    };
  }, [slug, handle, id]);

  useEffect(() => () => useStore.getState().closeJam(), []);

  // A scheduled jam that goes live while its page is open turns into the live view.
  const view = mode === 'scheduled' && jam && jam.status !== 'scheduled' ? 'live' : mode;
  const wantsArchive = new URLSearchParams(search).has('archive');
  if (error?.code === 'not_found') return <NotFound what="jam" />;
  if (error) return <p role="alert" className="error page">{error.text}</p>;
  if (!jam || !view) return <p className="page muted">Loading the jam…</p>;
  return (
    <Suspense fallback={<p className="page muted">Loading…</p>}>
      {view === 'archive' || (wantsArchive && jam.status === 'ended') ? (
        <ArchiveReader slug={slug} highlightId={id ?? null} />
      ) : view === 'scheduled' ? (
        <ScheduledJam />
      ) : (
        <LiveJam highlightId={id ?? null} />
      )}
    </Suspense>
  );
}
