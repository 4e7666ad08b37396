import { useEffect } from 'react';
import { Link } from 'wouter';

interface Props {
  /** What was asked for, in the product's words: "jam", "series", "message", "page". */
  what?: 'jam' | 'series' | 'message' | 'page';
  /** A nearer way back than home, e.g. the jam a missing message belonged to. */
  back?: { href: string; label: string };
}

const SENTENCE = {
  jam: 'There is no jam at this address. It may have been renamed, or the link is mistyped.',
  series: 'There is no series at this address. It may have been renamed, or the link is mistyped.',
  message: 'That message is not in this jam: it may have been removed by the hosts, or the link is mistyped.',
  page: 'There is nothing at this address.',
} as const;

/** The one "not found" page: says what is missing and offers a way back. */
export function NotFound({ what = 'page', back }: Props) {
  useEffect(() => {
    document.title = 'Not found · TweetJam';
  }, []);
  const title = what === 'page' ? 'Page not found' : `${what[0]!.toUpperCase()}${what.slice(1)} not found`;
  return (
    <div className="page narrow not-found">
      <h1>{title}</h1>
      <p>{SENTENCE[what]}</p>
      <ul className="plain row">
        {back && (
          <li>
            <Link href={back.href}>{back.label}</Link>
          </li>
        )}
        <li>
          <Link href="/">Go to the home page</Link>
        </li>
        <li>
          <Link href="/jams">Browse all jams</Link>
        </li>
      </ul>
    </div>
  );
}
