import type { JamView } from '../../../shared/model.ts';
import { countdown, localTime, useNow } from '../lib/time.ts';
import { useStore } from '../store/index.ts';
import { BannerPolls } from './interaction/PollCard.tsx';

/** The current question pinned on top, with a countdown to the next one (or to the start). */
export function QuestionBanner({ jam }: { jam: JamView }) {
  const now = useNow(1000) + useStore((s) => s.clockOffset);
  const { show } = jam;
  const current = show.currentQuestion ? jam.questions[show.currentQuestion - 1] : null;
  // Only the number: a reader of a jam with private questions has no text for the next one yet.
  const next = show.nextQuestion ? { n: show.nextQuestion } : null;
  const nextAt = show.nextQuestionAt ? Date.parse(show.nextQuestionAt) : null;
  return (
    <section className="question-banner" aria-label="Current question">
      {show.status === 'scheduled' && (
        <p>
          Starts {localTime(show.startsAt)} — in <strong>{countdown(Date.parse(show.startsAt), now)}</strong>
        </p>
      )}
      {show.status === 'live' && current && (
        <h2 className="current-question">
          <span className="qnum">Q{current.n}</span> {current.text}
        </h2>
      )}
      {show.status === 'live' && current?.askedBy && (
        <p className="small muted">
          Asked from the audience by {current.askedBy.displayName} <span className="handle">@{current.askedBy.handle}</span>
        </p>
      )}
      {show.status === 'live' && !current && <p>The jam is live; the first question comes soon.</p>}
      {show.status === 'ended' && <p>This jam has ended.</p>}
      {show.status === 'live' && (
        <p className="small muted">
          {next && nextAt ? (
            <>
              Q{next.n} in <strong>{countdown(nextAt, now)}</strong>
            </>
          ) : next ? (
            <>Q{next.n} comes when the host releases it — ends in {countdown(Date.parse(show.endsAt), now)}</>
          ) : (
            <>Last question — ends in {countdown(Date.parse(show.endsAt), now)}</>
          )}
        </p>
      )}
      {show.status !== 'scheduled' && <BannerPolls question={show.currentQuestion} />}
    </section>
  );
}
