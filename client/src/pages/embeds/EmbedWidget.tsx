import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useParams, useSearch } from 'wouter';
import { columnMatches, columnTitle, parseColumns, type FilterContext } from '../../../../shared/filters.ts';
import { jamsApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { watchJam } from '../../api/realtime.ts';
import { MessageItem } from '../../components/MessageItem.tsx';
import { QuestionBanner } from '../../components/QuestionBanner.tsx';
import { useStore } from '../../store/index.ts';
// oxlint-disable-next-line import/no-unassigned-import
import './embeds.css';

const Composer = lazy(() => import('../../components/Composer.tsx'));
/** The widget shows the newest messages only: it is a window on the jam, not the archive. */
const SHOWN = 60;

/**
 * `/embed/jams/:slug?columns=all,featured`: the live widget. The current question, a compact stream
 * of the chosen columns (newest first), and a join link. The composer appears only when the
 * TweetJam session reaches the frame: our cookie is SameSite=Lax, so on another site's page it
 * does not, and readers join on TweetJam itself.
 */
export default function EmbedWidget() {
  const { slug } = useParams<{ slug: string }>();
  const search = useSearch();
  const columns = useMemo(() => parseColumns(new URLSearchParams(search).get('columns') ?? 'all,featured'), [search]);
  const jam = useStore((s) => (s.jam?.slug === slug ? s.jam : null));
  const me = useStore((s) => s.me);
  const messages = useStore((s) => s.messages);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(0);

  useEffect(() => {
    jamsApi.view(slug).then(
      (r) => {
        useStore.getState().openJam(r.jam, r.viewer ?? null);
        document.title = `${r.jam.title} ${r.jam.series.hashtag} · TweetJam`;
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [slug]);
  const opened = jam !== null;
  // Join once the jam is open in the store (join acks merge into it).
  useEffect(() => (opened ? watchJam(slug) : undefined), [slug, opened]);

  const currentQuestion = jam?.show.currentQuestion ?? null;
  const context = useMemo<FilterContext>(() => ({ currentQuestion, me: me?.handle ?? null }), [currentQuestion, me?.handle]);
  const column = columns[Math.min(shown, columns.length - 1)]!;
  const visible = useMemo(() => messages.filter((m) => columnMatches(column, m, context)).slice(-SHOWN).reverse(), [messages, column, context]);

  if (error) return <p role="alert" className="error">{error}</p>;
  if (!jam) return <p className="muted">Loading…</p>;
  const joinUrl = `${location.origin}/jams/${slug}`;
  return (
    <div className="embed">
      <header className="embed-head">
        <h1>
          <span className="hashtag">{jam.series.hashtag}</span> {jam.title}
        </h1>
        {jam.status === 'live' && <span className="status status-live">Live</span>}
      </header>
      <QuestionBanner jam={jam} />
      {columns.length > 1 && (
        <div className="embed-tools">
          <label htmlFor="embed-column" className="small">
            Show
          </label>
          <select id="embed-column" value={shown} onChange={(e) => setShown(Number(e.target.value))}>
            {columns.map((c, i) => (
              <option key={i} value={i}>
                {columnTitle(c, context)}
              </option>
            ))}
          </select>
        </div>
      )}
      <ol className="embed-stream" aria-label={`${columnTitle(column, context)}, newest first`} aria-live="polite">
        {visible.length === 0 && <li className="muted message">No messages yet.</li>}
        {visible.map((m) => (
          <li key={m.id}>
            <MessageItem message={m} interactive={false} />
          </li>
        ))}
      </ol>
      {me && jam.status === 'live' ? (
        <Suspense fallback={<p className="composer muted">Loading the composer…</p>}>
          <Composer />
        </Suspense>
      ) : (
        <p className="embed-foot">
          <a href={joinUrl} target="_blank" rel="noopener">
            {jam.status === 'ended' ? 'Read the whole chat on TweetJam' : 'Join the chat on TweetJam'}
          </a>
          <span className="small muted">Powered by TweetJam</span>
        </p>
      )}
    </div>
  );
}
