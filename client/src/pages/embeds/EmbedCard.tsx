import { useEffect, useState } from 'react';
import { useParams } from 'wouter';
import type { JamView } from '../../../../shared/model.ts';
import type { RecapView } from '../../../../shared/recaps.ts';
import { jamsApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { recapsApi } from '../../api/recaps.ts';
import { localTime } from '../../lib/time.ts';
// oxlint-disable-next-line import/no-unassigned-import
import './embeds.css';
import { count } from '../../lib/count.ts';

/** Quotes a card has room for. */
const CARD_QUOTES = 2;

/** `/embed/jams/:slug/card`: an archive or recap card: title, when, numbers, the recap's cover and first quotes. */
export default function EmbedCard() {
  const { slug } = useParams<{ slug: string }>();
  const [jam, setJam] = useState<JamView | null>(null);
  const [recap, setRecap] = useState<RecapView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    jamsApi.view(slug).then(
      (r) => {
        setJam(r.jam);
        document.title = `${r.jam.title} ${r.jam.series.hashtag} · TweetJam`;
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
    recapsApi.view(slug).then(
      (r) => setRecap(r.recap),
      () => setRecap(null),
    );
  }, [slug]);
  if (error) return <p role="alert" className="error">{error}</p>;
  if (!jam) return <p className="muted">Loading…</p>;
  const quotes = recap?.blocks.flatMap((b) => (b.kind === 'quote' ? [b.message] : [])).slice(0, CARD_QUOTES) ?? [];
  const origin = location.origin;
  return (
    <article className="embed-card">
      <p className="small muted">
        <span className="hashtag">{jam.series.hashtag}</span> · {jam.series.name} · {localTime(jam.startsAt)}
      </p>
      <h1>{recap ? `Recap: ${jam.title}` : jam.title}</h1>
      {recap?.cover ? <p>{recap.cover}</p> : jam.description && <p>{jam.description}</p>}
      <p className="small muted">
        {jam.status === 'ended' ? `${count(jam.messageCount, 'message')} · ${count(jam.questions.length, 'question')}` : jam.status === 'live' ? 'Live now' : `Starts ${localTime(jam.startsAt)}`}
      </p>
      {quotes.map((m) => (
        <blockquote key={m.id} className="recap-quote">
          <strong>{m.author.displayName}</strong>: {m.text}
        </blockquote>
      ))}
      <p className="links">
        {recap && (
          <a href={`${origin}${recap.permalink}`} target="_blank" rel="noopener">
            Read the recap
          </a>
        )}
        <a href={`${origin}${jam.permalink}`} target="_blank" rel="noopener">
          {jam.status === 'ended' ? 'Read the transcript' : 'Join the chat'}
        </a>
      </p>
    </article>
  );
}
