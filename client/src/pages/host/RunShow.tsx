import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { FilterContext } from '../../../../shared/filters.ts';
import type { JamView, SeriesView } from '../../../../shared/model.ts';
import { jamsApi, seriesApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { watchJam } from '../../api/realtime.ts';
import { QuestionBanner } from '../../components/QuestionBanner.tsx';
import { WhoIsHere } from '../../components/SidePanel.tsx';
import { StreamColumn } from '../../components/StreamColumn.tsx';
import { clockTime, useNow } from '../../lib/time.ts';
import { useStore } from '../../store/index.ts';
import { JamForm } from './JamForm.tsx';

const NO_PENDING: never[] = [];

/** `/host/jams/:slug`: run the show (start, release next, extend, end), the timeline, moderation, presence. */
export default function RunShow() {
  const { slug } = useParams<{ slug: string }>();
  const jam = useStore((s) => (s.jam?.slug === slug ? s.jam : null));
  const me = useStore((s) => s.me);
  const [series, setSeries] = useState<SeriesView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    jamsApi.view(slug).then(
      (r) => {
        useStore.getState().openJam(r.jam, r.viewer ?? null);
        document.title = `Run ${r.jam.title} · TweetJam`;
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

  const currentQuestion = jam?.show.currentQuestion ?? null;
  const context = useMemo<FilterContext>(() => ({ currentQuestion, me: me?.handle ?? null }), [currentQuestion, me?.handle]);
  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!jam) return <p className="page muted">Loading…</p>;

  return (
    <div className="page host-run">
      <p className="small">
        <Link href="/host">Host console</Link> › <Link href={`/host/series/${jam.series.slug}`}>{jam.series.name}</Link> › {jam.title}
      </p>
      <div className="row between">
        <h1>{jam.title}</h1>
        <Link href={`/jams/${jam.slug}`}>Open the public view</Link>
      </div>
      <QuestionBanner jam={jam} />
      <ShowControls jam={jam} />
      <div className="host-grid">
        <Timeline jam={jam} />
        <WhoIsHere />
      </div>
      <h2>Moderation</h2>
      <p className="small muted">Feature a message to pin it in everyone’s Featured column; hide one to remove it for everyone.</p>
      <div className="columns host-columns">
        <StreamColumn column={{ kind: 'all' }} index={0} count={2} context={context} pending={NO_PENDING} interactive />
        <StreamColumn column={{ kind: 'featured' }} index={1} count={2} context={context} pending={NO_PENDING} interactive />
      </div>
      {jam.status === 'scheduled' && series && (
        <section className="panel" aria-labelledby="edit-jam">
          <h2 id="edit-jam">Edit the plan</h2>
          <JamForm series={series} jam={jam} onSaved={(j) => useStore.getState().openJam(j, useStore.getState().viewer)} />
        </section>
      )}
    </div>
  );
}

function ShowControls({ jam }: { jam: JamView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [extendBy, setExtendBy] = useState(5);
  const run = async (action: string, minutes?: number) => {
    if (action === 'end' && !confirm('End the jam for everyone now?')) return;
    setBusy(true);
    setError(null);
    try {
      const { show } = await jamsApi.control(jam.slug, action, minutes);
      useStore.getState().setShow(jam.slug, show);
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };
  const { status, nextQuestion } = jam.show;
  return (
    <section className="panel controls" aria-labelledby="controls-title">
      <h2 id="controls-title">Run the show</h2>
      <div className="row">
        <button type="button" className="primary" disabled={busy || status !== 'scheduled'} onClick={() => void run('start')}>
          Start now
        </button>
        <button type="button" disabled={busy || status !== 'live' || nextQuestion === null} onClick={() => void run('release_next')}>
          {nextQuestion ? `Release Q${nextQuestion} now` : 'No more questions'}
        </button>
        <label htmlFor="extend-by" className="small">
          Extend by
        </label>
        <input id="extend-by" className="minutes" type="number" min={1} max={120} value={extendBy} onChange={(e) => setExtendBy(Number(e.target.value))} />
        <button type="button" disabled={busy || status !== 'live'} onClick={() => void run('extend', extendBy)}>
          Extend
        </button>
        <button type="button" className="danger" disabled={busy || status !== 'live'} onClick={() => void run('end')}>
          End jam
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

function Timeline({ jam }: { jam: JamView }) {
  const now = useNow(5000);
  const { show } = jam;
  const start = Date.parse(show.startedAt ?? show.startsAt);
  const end = Date.parse(show.endedAt ?? show.endsAt);
  const elapsed = Math.min(1, Math.max(0, (now - start) / Math.max(1, end - start)));
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <p className="small">
        {clockTime(new Date(start).toISOString())} → {clockTime(new Date(end).toISOString())}
        {show.extendedMin > 0 && ` (extended ${show.extendedMin} min)`}
      </p>
      <progress max={100} value={Math.round(elapsed * 100)} aria-label="Time elapsed">
        {Math.round(elapsed * 100)}%
      </progress>
      <ol className="timeline plain">
        {jam.questions.map((q) => (
          <li key={q.n} className={q.n === show.currentQuestion ? 'current' : q.released ? 'released' : 'planned'}>
            <span className="qnum">Q{q.n}</span> <span className="small muted">{q.released ? `released ${clockTime(q.releaseAt)}` : `planned ${clockTime(q.releaseAt)} (+${q.offsetMin} min)`}</span>
            <br />
            {q.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
