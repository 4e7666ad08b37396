import { Link } from 'wouter';
import type { JamSummary } from '../../../shared/model.ts';
import { countdown, jamIcs, localTime, useNow } from '../lib/time.ts';

/** An upcoming jam: the reader's local time, a countdown, and an .ics to add to a calendar. */
export function UpcomingJam({ jam }: { jam: JamSummary }) {
  const now = useNow(1000);
  const ics = `data:text/calendar;charset=utf-8,${encodeURIComponent(jamIcs(jam, location.origin))}`;
  return (
    <li className="card">
      <h3>
        <Link href={`/jams/${jam.slug}`}>{jam.title}</Link>
      </h3>
      <p className="small muted">
        <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span>
      </p>
      <p>
        <time dateTime={jam.startsAt}>{localTime(jam.startsAt)}</time> · starts in <strong>{countdown(Date.parse(jam.startsAt), now)}</strong>
      </p>
      <a href={ics} download={`${jam.slug}.ics`} className="small">
        Add to calendar
      </a>
    </li>
  );
}

/** An archived jam in a list. */
export function ArchivedJam({ jam }: { jam: JamSummary }) {
  return (
    <li className="card">
      <h3>
        <Link href={`/jams/${jam.slug}`}>{jam.title}</Link>
      </h3>
      <p className="small muted">
        <span className="hashtag">{jam.series.hashtag}</span> · <time dateTime={jam.startsAt}>{localTime(jam.startsAt)}</time> · {jam.messageCount} messages
      </p>
    </li>
  );
}
