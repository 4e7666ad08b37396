import { Fragment, useEffect, useMemo, useRef } from 'react';
import type { TranscriptRow } from '../../../shared/archive.ts';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { Link } from 'wouter';
import { transcriptUrl } from '../api/endpoints.ts';
import { JamLinks } from '../components/JamLinks.tsx';
import { MessageItem } from '../components/MessageItem.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { SearchForm } from '../components/SearchForm.tsx';
import { hitCount, SearchResults } from '../components/SearchResults.tsx';
import { RecapLink, RecapSearchHits } from '../components/recaps/RecapLinks.tsx';
import { clockTime, seriesTime } from '../lib/time.ts';
import { useStore } from '../store/index.ts';
import { FIRST_PAGE, type ArchivedTranscript } from '../store/archive.ts';
import { count } from '../lib/count.ts';

/** Above this many rows the transcript is virtualised and paged in as the reader scrolls (a 20,000-message jam shows at once). */
const VIRTUALIZE_AFTER = FIRST_PAGE;
/** Rows loaded beyond what is on screen, so a page is in before the reader reaches it. */
const LOAD_AHEAD = 150;

type Sections = Map<number, ArchivedTranscript['sections'][number]>;

/** The transcript of an ended jam: by question, answers threaded, searchable, downloadable. */
export default function ArchiveReader({ slug, highlightId }: { slug: string; highlightId: string | null }) {
  const transcript = useStore((s) => (s.transcript?.jam.slug === slug && s.transcript.messageId === highlightId ? s.transcript : null));
  const error = useStore((s) => s.transcriptError);
  const search = useStore((s) => s.search);

  const rows = transcript?.rows ?? [];
  const sections: Sections = useMemo(() => new Map((transcript?.sections ?? []).map((section) => [section.question?.n ?? 0, section])), [transcript?.sections]);
  // Typical jams render whole (find-in-page, printing); huge ones are virtualised.
  const virtual = rows.length > VIRTUALIZE_AFTER;
  const highlightAt = highlightId ? (transcript?.messageRow ?? -1) : -1;
  const list = useRef<VirtuosoHandle>(null);

  useEffect(() => {
    void useStore.getState().loadTranscript(slug, highlightId);
  }, [slug, highlightId]);
  useEffect(() => () => useStore.getState().clearSearch(), []);

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
  if (highlightId && highlightAt < 0) return <NotFound what="message" back={{ href: `/jams/${slug}`, label: `Read “${jam.title}”` }} />;

  const jumpTo = (n: number) => {
    const at = sections.get(n)?.row ?? 0;
    if (virtual) list.current?.scrollToIndex({ index: at, align: 'start' });
    else document.getElementById(`q${n}`)?.scrollIntoView({ block: 'start' });
    requestAnimationFrame(() => document.getElementById(`q${n}`)?.focus({ preventScroll: true }));
  };

  return (
    <div className="archive page">
      <header className="jam-header">
        <div>
          <p className="small muted">
            <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span> · <time dateTime={jam.startsAt}>{seriesTime(jam.startsAt, jam.timeZone)}</time>
          </p>
          <h1>{jam.title}</h1>
          <p className="muted">
            Archive · {count(transcript.messageCount, 'message')} · {count(jam.questions.length, 'question')}
          </p>
          <JamLinks jam={jam} />
          <RecapLink slug={slug} ended={jam.status === 'ended'} hosts={jam.hosts.map((h) => h.handle)} />
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

      <SearchForm
        id="archive-search"
        label="Search"
        placeholder="Search the transcript"
        scopes={[
          { value: 'jam', label: 'This jam', params: { jam: slug } },
          { value: 'series', label: `All of ${jam.series.hashtag}`, params: { series: jam.series.slug } },
          { value: 'all', label: 'All jams', params: {} },
        ]}
      />
      {search && (
        <section aria-labelledby="results-title" className="panel">
          <h2 id="results-title">
            {search.loading ? 'Searching…' : `${hitCount(search)} “${search.text}”`} {search.scope === 'all' ? 'in all jams' : search.scope === 'series' ? `in ${jam.series.hashtag}` : 'in this jam'}
          </h2>
          {search.scope === 'all' && <RecapSearchHits query={search.text} />}
          {search.error ? <p role="alert" className="error">{search.error}</p> : !search.loading && <SearchResults hits={search.hits} showJam={search.scope !== 'jam'} />}
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
                    {section.question && !section.question.asked && <span className="small muted"> (not asked)</span>}
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
              totalCount={rows.length}
              increaseViewportBy={800}
              computeItemKey={(index) => keyOf(rows[index], index)}
              initialTopMostItemIndex={highlightAt >= 0 ? { index: highlightAt, align: 'center' } : 0}
              rangeChanged={({ startIndex, endIndex }) => useStore.getState().loadRows(startIndex - LOAD_AHEAD, endIndex + LOAD_AHEAD)}
              itemContent={(index) => renderRow(rows[index], sections, highlightId)}
            />
          ) : (
            rows.map((row, index) => <Fragment key={keyOf(row, index)}>{renderRow(row, sections, highlightId)}</Fragment>)
          )}
        </div>
      </div>
    </div>
  );
}

const keyOf = (row: TranscriptRow | undefined, index: number) => (!row ? `row-${index}` : row.kind === 'question' ? `q${row.n}` : row.message.id);

function renderRow(row: TranscriptRow | undefined, sections: Sections, highlightId: string | null) {
  // Its page is on its way (the list asked for it as it came into view).
  if (!row) return <div className="transcript-row transcript-pending" aria-hidden="true" />;
  if (row.kind === 'question') {
    const section = sections.get(row.n);
    const question = section?.question ?? null;
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
        {question?.releasedAt && <p className="small muted">Released at {clockTime(question.releasedAt)}</p>}
        {question && !question.asked ? <p className="muted not-asked">Not asked: the jam ended before this question was released.</p> : section?.messages === 0 && <p className="muted">No answers.</p>}
      </div>
    );
  }
  return (
    <div className={`transcript-row depth-${Math.min(row.depth, 4)}`} data-question={row.n}>
      <MessageItem message={row.message} interactive={false} highlighted={row.message.id === highlightId} />
    </div>
  );
}
