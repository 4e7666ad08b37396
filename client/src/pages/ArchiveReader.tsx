import { Fragment, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { Link } from 'wouter';
import { transcriptUrl } from '../api/endpoints.ts';
import { MessageItem } from '../components/MessageItem.tsx';
import { SearchResults } from '../components/SearchResults.tsx';
import { localTime } from '../lib/time.ts';
import { useStore } from '../store/index.ts';
import { archiveRows, type ArchiveRow } from './archiveRows.ts';

/** Above this many rows the transcript is virtualised (a 10,000-message jam stays instant). */
const VIRTUALIZE_AFTER = 600;

/** The transcript of an ended jam: by question, answers threaded, searchable, downloadable. */
export default function ArchiveReader({ slug, highlightId }: { slug: string; highlightId: string | null }) {
  const transcript = useStore((s) => (s.transcript?.jam.slug === slug ? s.transcript : null));
  const error = useStore((s) => s.transcriptError);
  const search = useStore((s) => s.search);
  const [text, setText] = useState('');
  const [scope, setScope] = useState<'jam' | 'all'>('jam');

  const rows = useMemo(() => (transcript ? archiveRows(transcript) : []), [transcript]);
  // Typical jams render whole (find-in-page, printing); huge ones are virtualised.
  const virtual = rows.length > VIRTUALIZE_AFTER;
  const highlightAt = highlightId ? rows.findIndex((r) => r.kind === 'message' && r.message.id === highlightId) : -1;
  const list = useRef<VirtuosoHandle>(null);

  useEffect(() => {
    void useStore.getState().loadTranscript(slug);
    return () => useStore.getState().clearSearch();
  }, [slug]);

  // A permalink scrolls to its message and moves focus there once the transcript is in.
  useEffect(() => {
    if (!transcript || !highlightId) return;
    let tries = 0;
    let frame = 0;
    const reveal = () => {
      const el = document.getElementById(`m-${highlightId}`);
      // A virtualised row appears a frame or two after the list mounts.
      if (!el) {
        if (tries++ < 30) frame = requestAnimationFrame(reveal);
        return;
      }
      el.setAttribute('tabindex', '-1');
      el.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      el.focus({ preventScroll: true });
    };
    reveal();
    return () => cancelAnimationFrame(frame);
  }, [transcript, highlightId]);

  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!transcript) return <p className="page muted">Loading the transcript…</p>;
  const { jam } = transcript;

  const jumpTo = (n: number) => {
    const at = rows.findIndex((r) => r.kind === 'question' && r.n === n);
    if (virtual) list.current?.scrollToIndex({ index: at, align: 'start' });
    else document.getElementById(`q${n}`)?.scrollIntoView({ block: 'start' });
    requestAnimationFrame(() => document.getElementById(`q${n}`)?.focus({ preventScroll: true }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void useStore.getState().runSearch(text, scope === 'jam' ? slug : undefined);
  };

  return (
    <div className="archive page">
      <header className="jam-header">
        <div>
          <p className="small muted">
            <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span> · {localTime(jam.startsAt)}
          </p>
          <h1>{jam.title}</h1>
          <p className="muted">
            Archive · {transcript.messageCount} messages · {jam.questions.length} questions
          </p>
        </div>
        <nav className="downloads" aria-label="Download the transcript">
          <span className="small">Download:</span>
          {(['md', 'html', 'json', 'csv'] as const).map((f) => (
            <a key={f} href={transcriptUrl(slug, f)} download={`${slug}.${f}`}>
              {f.toUpperCase()}
            </a>
          ))}
        </nav>
      </header>

      <form className="search row" role="search" onSubmit={submit}>
        <label htmlFor="archive-search" className="visually-hidden">
          Search
        </label>
        <input id="archive-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search the transcript" />
        <label htmlFor="archive-scope" className="visually-hidden">
          Where to search
        </label>
        <select id="archive-scope" value={scope} onChange={(e) => setScope(e.target.value as 'jam' | 'all')}>
          <option value="jam">This jam</option>
          <option value="all">All jams</option>
        </select>
        <button type="submit">Search</button>
        {search && (
          <button type="button" onClick={() => useStore.getState().clearSearch()}>
            Clear
          </button>
        )}
      </form>
      {search && (
        <section aria-labelledby="results-title" className="panel">
          <h2 id="results-title">
            {search.loading ? 'Searching…' : `${search.hits.length} results for “${search.text}”`} {search.scope === 'all' ? 'in all jams' : 'in this jam'}
          </h2>
          {search.error ? <p role="alert" className="error">{search.error}</p> : !search.loading && <SearchResults hits={search.hits} showJam={search.scope === 'all'} />}
        </section>
      )}

      <div className="archive-body">
        <nav className="question-nav" aria-label="Jump to question">
          <h2 className="small">Questions</h2>
          <ol className="plain">
            {transcript.sections.map((section) => {
              const n = section.question?.n ?? 0;
              return (
                <li key={n}>
                  <a
                    href={`#q${n}`}
                    onClick={(event) => {
                      event.preventDefault();
                      jumpTo(n);
                    }}
                  >
                    {section.question ? `Q${n}` : 'Before Q1'}
                  </a>
                </li>
              );
            })}
          </ol>
        </nav>
        <div className="transcript">
          {virtual ? (
            <Virtuoso
              ref={list}
              useWindowScroll
              data={rows}
              increaseViewportBy={800}
              computeItemKey={(_, row) => row.key}
              initialTopMostItemIndex={highlightAt >= 0 ? { index: highlightAt, align: 'center' } : 0}
              context={highlightId}
              itemContent={renderRow}
            />
          ) : (
            rows.map((row) => <Fragment key={row.key}>{renderRow(0, row, highlightId)}</Fragment>)
          )}
        </div>
      </div>
    </div>
  );
}

function renderRow(_: number, row: ArchiveRow, highlightId: string | null) {
  if (row.kind === 'question') {
    const { question } = row.section;
    return (
      <div className="transcript-question">
        <h2 id={`q${row.n}`} tabIndex={-1}>
          {question ? (
            <>
              <span className="qnum">Q{question.n}</span> {question.text}
            </>
          ) : (
            'Before the questions'
          )}
        </h2>
        {question?.releasedAt && <p className="small muted">Released {localTime(question.releasedAt)}</p>}
        {row.section.threads.length === 0 && <p className="muted">No answers.</p>}
      </div>
    );
  }
  return (
    <div className={`transcript-row depth-${Math.min(row.depth, 4)}`} data-question={row.n}>
      <MessageItem message={row.message} interactive={false} highlighted={row.message.id === highlightId} />
    </div>
  );
}
