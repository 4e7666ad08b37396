import { Link } from 'wouter';
import type { SearchHit } from '../../../shared/archive.ts';
import { localTime } from '../lib/time.ts';
import { useStore } from '../store/index.ts';

/** Search hits with their jam and question, each linking to the message's permalink; more pages on request. */
export function SearchResults({ hits, showJam }: { hits: SearchHit[]; showJam: boolean }) {
  const more = useStore((s) => (s.search?.nextCursor ? s.search.loadingMore : null));
  if (hits.length === 0) return <p className="muted">No messages match.</p>;
  return (
    <>
      <ol className="hits">
        {hits.map((hit) => (
          <li key={hit.message.id} className="hit">
            <p className="small muted">
              {showJam && (
                <>
                  <Link href={`/jams/${hit.jam.slug}`}>{hit.jam.title}</Link> ·{' '}
                </>
              )}
              {hit.question ? `Q${hit.question.n}` : 'Before the questions'} · @{hit.message.author.handle} · <time dateTime={hit.message.createdAt}>{localTime(hit.message.createdAt)}</time>
            </p>
            <p>
              <Link href={hit.permalink}>{hit.message.text}</Link>
            </p>
          </li>
        ))}
      </ol>
      {more !== null && (
        <p>
          <button type="button" disabled={more} onClick={() => void useStore.getState().loadMoreSearch()}>
            {more ? 'Loading…' : 'Load more'}
          </button>
        </p>
      )}
    </>
  );
}

/** "30 messages match" (or "30+" while more pages remain). */
export function hitCount(search: { hits: unknown[]; nextCursor: string | null }): string {
  const n = `${search.hits.length}${search.nextCursor ? '+' : ''}`;
  return `${n} ${search.hits.length === 1 && !search.nextCursor ? 'message matches' : 'messages match'}`;
}
