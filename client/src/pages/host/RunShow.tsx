import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import { RecapLink } from '../../components/recaps/RecapLinks.tsx';
import type { ModerationQueueView } from '../../../../shared/moderation.ts';
import type { SeriesView } from '../../../../shared/model.ts';
import { hostApi } from '../../api/console.ts';
import { jamsApi, seriesApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { watchJam } from '../../api/realtime.ts';
import { QuestionBanner } from '../../components/QuestionBanner.tsx';
import { useStore } from '../../store/index.ts';
import { ConsoleStream } from './console/ConsoleStream.tsx';
import { HostComposer } from './console/HostComposer.tsx';
import { PanelTabs, type ConsolePanelProps } from './console/panels.tsx';
// Vite loads the console's own stylesheet with this lazy page (styles.css stays the shared base).
// oxlint-disable-next-line import/no-unassigned-import
import './console/console.css';

/**
 * `/host/jams/:slug`: the host console. Left, the stream with the host composer (post, reply,
 * moderate from any message); right, the controls (run of show, moderation, team, audit log).
 * Everything reads the one show state the server derives and pushes over the socket.
 */
export default function RunShow() {
  const { slug } = useParams<{ slug: string }>();
  const jam = useStore((s) => (s.jam?.slug === slug ? s.jam : null));
  const moderationVersion = useStore((s) => s.moderationVersion);
  const [series, setSeries] = useState<SeriesView | null>(null);
  const [queue, setQueue] = useState<ModerationQueueView | null>(null);
  const [tab, setTab] = useState('show');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    jamsApi.view(slug).then(
      (r) => {
        useStore.getState().openJam(r.jam, r.viewer ?? null);
        document.title = `Console: ${r.jam.title} · TweetJam`;
        return seriesApi.view(r.jam.series.slug).then((s) => setSeries(s.series));
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
    const stop = watchJam(slug);
    return () => {
      stop();
      useStore.getState().closeJam();
    };
  }, [slug]);

  const refreshQueue = useCallback(() => {
    hostApi.queue(slug).then(setQueue, (e: unknown) => setError(describeError(toApiError(e))));
  }, [slug]);
  useEffect(refreshQueue, [refreshQueue, moderationVersion]);

  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!jam || !series) return <p className="page muted">Loading…</p>;
  const props: ConsolePanelProps = { jam, series, queue, refreshQueue };

  return (
    <div className="console">
      <div className="console-head">
        <div>
          <p className="small">
            <Link href="/host">Host console</Link> › <Link href={`/host/series/${series.slug}`}>{series.name}</Link>
          </p>
          <h1>{jam.title}</h1>
        </div>
        <nav aria-label="Jam pages" className="console-links">
          <Link href={`/jams/${jam.slug}`}>Public view</Link>
          <Link href={`/jams/${jam.slug}/report`}>Jam report</Link>
          <Link href={`/series/${series.slug}/metrics`}>Series metrics</Link>
          <Link href={`/jams/${jam.slug}/digest`}>Digest</Link>
          <RecapLink slug={jam.slug} ended={jam.status === 'ended'} hosts={jam.hosts.map((h) => h.handle)} />
        </nav>
      </div>
      <QuestionBanner jam={jam} />
      <div className="console-grid">
        <section className="console-pane" aria-labelledby="stream-title">
          <h2 id="stream-title">Stream</h2>
          <HostComposer jam={jam} seriesSlug={series.slug} />
          <ConsoleStream jam={jam} seriesSlug={series.slug} hidden={queue?.hidden ?? []} onChanged={refreshQueue} />
        </section>
        <section className="console-pane" aria-label="Controls">
          <PanelTabs props={props} selected={tab} onSelect={setTab} />
        </section>
      </div>
    </div>
  );
}
