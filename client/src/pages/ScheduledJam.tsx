import { useEffect } from 'react';
import { Link } from 'wouter';
import { watchJam } from '../api/realtime.ts';
import { JamLinks } from '../components/JamLinks.tsx';
import { RemindMe } from '../components/RemindMe.tsx';
import { countdown, seriesTime, useNow } from '../lib/time.ts';
import { useStore } from '../store/index.ts';

/**
 * A jam that has not started: what it is about, its questions (or, when the host keeps them
 * private, that they come at the start), when it starts (in the series'
 * zone, the reader's time beside it), a reminder and the calendar file. It watches the jam, so
 * the page turns into the live view the moment the jam starts.
 */
export default function ScheduledJam() {
  const jam = useStore((s) => s.jam)!;
  const offset = useStore((s) => s.clockOffset);
  const now = useNow(1000) + offset;
  useEffect(() => watchJam(jam.slug), [jam.slug]);
  // The server sends questions not yet released only to the jam's team (hosts, panelists).
  const teamView = jam.questions.some((q) => !q.released);

  return (
    <div className="page scheduled-jam">
      <p className="small muted">
        <Link href={`/series/${jam.series.slug}`}>{jam.series.name}</Link> · <span className="hashtag">{jam.series.hashtag}</span>
      </p>
      <h1>{jam.title}</h1>
      <p className="when">
        <span className="status status-scheduled">Upcoming</span> <time dateTime={jam.startsAt}>{seriesTime(jam.startsAt, jam.timeZone)}</time> · {jam.durationMin} minutes · starts in{' '}
        <strong>{countdown(Date.parse(jam.startsAt), now)}</strong>
      </p>
      <RemindMe jam={{ slug: jam.slug, title: jam.title, startsAt: jam.startsAt, hashtag: jam.series.hashtag }} />
      {jam.description && <p className="lead">{jam.description}</p>}

      <section aria-labelledby="questions-title">
        <h2 id="questions-title">The questions</h2>
        {!jam.questionsPublic && !teamView ? (
          <p className="muted questions-withheld">
            {jam.questionCount > 0 ? `${jam.questionCount} question${jam.questionCount === 1 ? '' : 's'} planned. ` : ''}The questions will be revealed when the jam starts, each one as
            it is released.
          </p>
        ) : jam.questions.length === 0 ? (
          <p className="muted">The hosts have not published the questions yet.</p>
        ) : (
          <>
            {!jam.questionsPublic && (
              <p className="small notice-private" role="note">
                Hidden from the audience: only hosts and panelists see these questions until each is released.
              </p>
            )}
            <ol className="plain question-plan">
              {jam.questions.map((q) => (
                <li key={q.n}>
                  <span className="qnum">Q{q.n}</span> {q.text} <span className="small muted">(+{q.offsetMin} min)</span>
                  {!jam.questionsPublic && !q.released && <span className="badge badge-private">Hidden from audience</span>}
                </li>
              ))}
            </ol>
          </>
        )}
        <p className="small muted">Answer each one live with “A1:”, “A2:” … so your answer lands under its question.</p>
      </section>

      {(jam.panelists.length > 0 || jam.hosts.length > 0) && (
        <section aria-labelledby="people-title">
          <h2 id="people-title">Who is answering</h2>
          <ul className="plain">
            {jam.hosts.map((p) => (
              <li key={p.handle}>
                {p.displayName} <span className="muted">@{p.handle}</span> <span className="badge badge-host">Host</span>
              </li>
            ))}
            {jam.panelists.map((p) => (
              <li key={p.handle}>
                {p.displayName} <span className="muted">@{p.handle}</span> <span className="badge badge-panelist">Panelist</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {jam.rules && (
        <details className="panel">
          <summary>The rules of {jam.series.name}</summary>
          <p className="rules-text">{jam.rules}</p>
        </details>
      )}
      <JamLinks jam={jam} />
    </div>
  );
}
