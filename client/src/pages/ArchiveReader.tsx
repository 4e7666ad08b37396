import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { TranscriptThread } from '../../../shared/model.ts';
import { transcriptUrl } from '../api/endpoints.ts';
import { MessageItem } from '../components/MessageItem.tsx';
import { SearchResults } from '../components/SearchResults.tsx';
import { localTime } from '../lib/time.ts';
import { useStore } from '../store/index.ts';

/** The transcript of an ended jam: by question, answers threaded, searchable, downloadable. */
export default function ArchiveReader({ slug, highlightId }: { slug: string; highlightId: string | null }) {
  const transcript = useStore((s) => (s.transcript?.jam.slug === slug ? s.transcript : null));
  const error = useStore((s) => s.transcriptError);
  const search = useStore((s) => s.search);
  const [text, setText] = useState('');
  const [scope, setScope] = useState<'jam' | 'all'>('jam');

  useEffect(() => {
    void useStore.getState().loadTranscript(slug);
    return () => useStore.getState().clearSearch();
  }, [slug]);

  // A permalink scrolls to its message and moves focus there once the transcript is in.
  useEffect(() => {
    if (!transcript || !highlightId) return;
    const el = document.getElementById(`m-${highlightId}`);
    if (!el) return;
    el.setAttribute('tabindex', '-1');
    el.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    el.focus({ preventScroll: true });
  }, [transcript, highlightId]);

  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!transcript) return <p className="page muted">Loading the transcript…</p>;
  const { jam } = transcript;

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
            {transcript.sections.map((section) => (
              <li key={section.question?.n ?? 0}>
                <a href={`#q${section.question?.n ?? 0}`}>{section.question ? `Q${section.question.n}` : 'Before Q1'}</a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="transcript">
          {transcript.sections.map((section) => (
            <section key={section.question?.n ?? 0} id={`q${section.question?.n ?? 0}`} className="transcript-section" aria-labelledby={`q${section.question?.n ?? 0}-title`}>
              <h2 id={`q${section.question?.n ?? 0}-title`}>
                {section.question ? (
                  <>
                    <span className="qnum">Q{section.question.n}</span> {section.question.text}
                  </>
                ) : (
                  'Before the questions'
                )}
              </h2>
              {section.question?.releasedAt && <p className="small muted">Released {localTime(section.question.releasedAt)}</p>}
              {section.threads.length === 0 ? <p className="muted">No answers.</p> : <Threads threads={section.threads} highlightId={highlightId} />}
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}

function Threads({ threads, highlightId }: { threads: TranscriptThread[]; highlightId: string | null }) {
  return (
    <ul className="threads">
      {threads.map((t) => (
        <li key={t.message.id}>
          <MessageItem message={t.message} interactive={false} highlighted={t.message.id === highlightId} />
          {t.replies.length > 0 && <Threads threads={t.replies} highlightId={highlightId} />}
        </li>
      ))}
    </ul>
  );
}
