import { Link } from 'wouter';
import type { JamSummary } from '../../../shared/model.ts';
import { countdown, seriesTime, useNow } from '../lib/time.ts';
import { RemindMe } from './RemindMe.tsx';
import { EmailReminders } from './mail/EmailReminders.tsx';

/** An upcoming jam: the reader's local time, a countdown, a reminder and the server's .ics. */
export function UpcomingJam({ jam }: { jam: JamSummary }) {
  const now = useNow(1000);
  return (
    <li className="card">
      <h3>
        <Link href={`/jams/${jam.slug}`}>{jam.title}</Link>
      </h3>
      <p className="small muted">
        <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span>
      </p>
      <p>
        <time dateTime={jam.startsAt}>{seriesTime(jam.startsAt, jam.series.timeZone)}</time> · starts in <strong>{countdown(Date.parse(jam.startsAt), now)}</strong>
      </p>
      <RemindMe jam={{ slug: jam.slug, title: jam.title, startsAt: jam.startsAt, hashtag: jam.series.hashtag }} /> <EmailReminders slug={jam.slug} status={jam.status} />
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
        <span className="hashtag">{jam.series.hashtag}</span> · <time dateTime={jam.startsAt}>{seriesTime(jam.startsAt, jam.series.timeZone)}</time> · {jam.messageCount} messages
      </p>
    </li>
  );
}
