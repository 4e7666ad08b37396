import type { DigestItem } from '../../../shared/reports.ts';
import { JamLinks } from '../components/JamLinks.tsx';
import { useLoaded } from '../components/reports/useJson.ts';
import { reportsApi } from '../api/endpoints.ts';
// oxlint-disable-next-line import/no-unassigned-import
import '../components/reports/reports.css';
import { NotFound } from '../components/NotFound.tsx';
import { count } from '../lib/count.ts';

/** The catch-up digest: each question's best answers and busiest threads, in about two minutes. */
export default function Digest({ slug }: { slug: string }) {
  const loaded = useLoaded(reportsApi.digest, slug);
  if (loaded.state === 'loading') return <p className="page muted">Loading the digest…</p>;
  if (loaded.state === 'failed' && loaded.error.code === 'not_found') return <NotFound what="jam" />;
  if (loaded.state === 'failed') {
    const notYet = loaded.error.code === 'conflict';
    return (
      <div className="page">
        <p role={notYet ? 'status' : 'alert'} className={notYet ? 'muted' : 'error'}>
          {loaded.error.message}
        </p>
        {notYet && <a href={`/jams/${slug}`}>Follow the jam live</a>}
      </div>
    );
  }
  const digest = loaded.data;
  const { jam } = digest;
  return (
    <article className="page">
      <p className="hashtag big">{jam.series.hashtag}</p>
      <h1>Catch-up: {jam.title}</h1>
      <p className="small muted">
        {count(digest.stats.messages, 'message')} from {count(digest.stats.participants, 'person', 'people')} · about {digest.readingMinutes} min to read ·{' '}
        <a href={`/jams/${jam.slug}`}>full transcript</a> · <a href={`/api/jams/${jam.slug}/digest.md`}>markdown</a>
      </p>
      <JamLinks jam={jam} current="digest" />
      {digest.questions.map((q) => (
        <section key={q.n} className="digest-question" aria-labelledby={`dq-${q.n}`}>
          <h2 id={`dq-${q.n}`}>
            Q{q.n}: {q.text}
          </h2>
          {q.highlights.length === 0 && q.threads.length === 0 && <p className="muted">{q.messages ? `${q.messages} messages; nothing featured or boosted.` : 'No answers.'}</p>}
          {q.highlights.length > 0 && (
            <>
              <h3 className="small muted">{q.pickedBy === 'featured' ? 'Featured by the hosts' : 'Most boosted'}</h3>
              {q.highlights.map((h) => (
                <Quote key={h.id} item={h} />
              ))}
            </>
          )}
          {q.threads.length > 0 && (
            <>
              <h3 className="small muted">Busiest threads</h3>
              {q.threads.map((t) => (
                <Quote key={t.root.id} item={t.root} note={`${t.replies} ${t.replies === 1 ? 'reply' : 'replies'} from ${t.participants} ${t.participants === 1 ? 'person' : 'people'}`} />
              ))}
            </>
          )}
        </section>
      ))}
    </article>
  );
}

function Quote({ item, note }: { item: DigestItem; note?: string }) {
  return (
    <blockquote className={`digest-quote${item.featured ? ' featured' : ''}`}>
      <p>{item.text}</p>
      <footer className="small">
        <strong>@{item.author.handle}</strong>
        {item.author.role !== 'participant' ? ` (${item.author.role})` : ''}
        {item.featured ? ' · ★ featured' : ''}
        {item.boosts ? ` · ${item.boosts} boost${item.boosts === 1 ? '' : 's'}` : ''}
        {note ? ` · ${note}` : ''} · <a href={item.permalink}>permalink</a>
      </footer>
    </blockquote>
  );
}
