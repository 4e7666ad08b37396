import { Link } from 'wouter';
import type { SearchHit } from '../../../shared/model.ts';
import { localTime } from '../lib/time.ts';

/** Search hits with their jam and question, each linking to the message's permalink. */
export function SearchResults({ hits, showJam }: { hits: SearchHit[]; showJam: boolean }) {
  if (hits.length === 0) return <p className="muted">No messages match.</p>;
  return (
    <ol className="hits">
      {hits.map((hit) => (
        <li key={hit.message.id} className="hit">
          <p className="small muted">
            {showJam && (
              <>
                <Link href={`/jams/${hit.jam.slug}`}>{hit.jam.title}</Link> · {localTime(hit.jam.startsAt)} ·{' '}
              </>
            )}
            {hit.question ? `Q${hit.question.n}` : 'Before the questions'} · @{hit.message.author.handle}
          </p>
          <p>
            <Link href={hit.permalink}>{hit.message.text}</Link>
          </p>
        </li>
      ))}
    </ol>
  );
}
