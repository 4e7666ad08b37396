import { useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { RecapBlockView, RecapView } from '../../../../shared/recaps.ts';
import { recapEditorPath } from '../../../../shared/recaps.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { recapExportUrl, recapsApi } from '../../api/recaps.ts';
import { Linkified } from '../../lib/linkify.tsx';
import { localTime } from '../../lib/time.ts';
import { useStore } from '../../store/index.ts';
import { allows, roleInJamView } from '../../../../shared/roles.ts';
// oxlint-disable-next-line import/no-unassigned-import
import './recaps.css';

/** `/jams/:slug/recap`: a published recap, readable, printable and shareable. */
export default function RecapPage() {
  const { slug } = useParams<{ slug: string }>();
  const [recap, setRecap] = useState<RecapView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = useStore((s) => s.me);

  useEffect(() => {
    recapsApi.view(slug).then(
      ({ recap: r }) => {
        setRecap(r);
        document.title = `Recap: ${r.jam.title} ${r.jam.series.hashtag} · TweetJam`;
      },
      (e: unknown) => setError(toApiError(e).code === 'not_found' ? 'This jam has no published recap yet.' : describeError(toApiError(e))),
    );
  }, [slug]);

  if (error)
    return (
      <div className="page">
        <p role="alert" className="error">
          {error}
        </p>
        <p>
          <Link href={`/jams/${slug}`}>Read the jam's transcript</Link>
        </p>
      </div>
    );
  if (!recap) return <p className="page muted">Loading the recap…</p>;
  const { jam } = recap;
  const isHost = allows(roleInJamView(me, jam), 'jam:host');
  return (
    <article className="page recap">
      <p className="small muted">
        <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span> · {localTime(jam.startsAt)}
      </p>
      <h1>{jam.title}</h1>
      {recap.cover && <p className="recap-cover">{recap.cover}</p>}
      {jam.panelists.length > 0 && <p className="small muted">With {jam.panelists.map((p) => `${p.displayName} (@${p.handle})`).join(', ')}</p>}
      <nav className="recap-actions" aria-label="Recap tools">
        <Link href={jam.permalink}>Full transcript</Link>
        <a href={recapExportUrl(slug, 'md')} download={`${slug}-recap.md`}>
          Markdown
        </a>
        <a href={recapExportUrl(slug, 'html')} download={`${slug}-recap.html`}>
          HTML
        </a>
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        {isHost && <Link href={recapEditorPath(slug)}>Edit the recap</Link>}
      </nav>
      {recap.blocks.map((block, i) => (
        <RecapBlock key={i} block={block} />
      ))}
      <p className="small muted">
        Version {recap.version} · published {localTime(recap.publishedAt)}
      </p>
    </article>
  );
}

function RecapBlock({ block }: { block: RecapBlockView }) {
  if (block.kind === 'heading') return <h2>{block.text}</h2>;
  if (block.kind === 'note') return <p className="recap-note">{block.text}</p>;
  const m = block.message;
  return (
    <blockquote className="recap-quote" id={`m-${m.id}`}>
      <p className="byline">
        <span className="author">{m.author.displayName}</span> <span className="handle">@{m.author.handle}</span>
        {m.author.role !== 'participant' && <span className={`badge badge-${m.author.role}`}>{m.author.role}</span>}
        {block.question && <span className="badge badge-q">Q{block.question.n}</span>}
        <a className="time" href={m.permalink}>
          <time dateTime={m.createdAt}>{localTime(m.createdAt)}</time>
        </a>
      </p>
      <p className="text">
        <Linkified text={m.text} />
      </p>
    </blockquote>
  );
}
