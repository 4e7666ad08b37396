import { useState } from 'react';
import type { JamView } from '../../../../../shared/model.ts';
import type { ShowAction } from '../../../../../shared/model.ts';
import { questionSteps } from '../../../../../shared/show.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { useStore } from '../../../store/index.ts';
import { JamForm } from '../JamForm.tsx';
import type { ConsolePanelProps } from './panels.tsx';
import { QuestionEditor } from './QuestionEditor.tsx';
import { QuestionsPublicToggle } from './QuestionsPublicToggle.tsx';
import { seriesClock, seriesTime } from '../../../lib/time.ts';

/** Run of show: the one action that applies now, the next question, the timeline, and the plan. */
export function ShowPanel({ jam, series }: ConsolePanelProps) {
  return (
    <>
      <h2>Run of show</h2>
      <ShowControls jam={jam} />
      <Timeline jam={jam} />
      {jam.status !== 'ended' && <QuestionEditor jam={jam} />}
      {jam.status === 'scheduled' && (
        <details className="panel">
          <summary>Edit title, start, length, panelists and who sees the questions</summary>
          <JamForm series={series} jam={jam} onSaved={(j) => useStore.getState().openJam(j, useStore.getState().viewer)} />
        </details>
      )}
      {jam.status !== 'scheduled' && <QuestionsPublicToggle jam={jam} />}
    </>
  );
}

function ShowControls({ jam }: { jam: JamView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [extendBy, setExtendBy] = useState(5);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const { show } = jam;
  const run = async (action: ShowAction, minutes?: number) => {
    setBusy(true);
    setError(null);
    try {
      const result = await hostApi.control(jam.slug, action, minutes);
      useStore.getState().setShow(jam.slug, result.show);
      setConfirmEnd(false);
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };
  const next = show.nextQuestion ? jam.questions[show.nextQuestion - 1] : null;
  const remaining = show.plannedAt.map((at, i) => (at && !show.releasedAt[i] ? i + 1 : null)).filter((n): n is number => n !== null);
  const moves = remaining.length === 0 ? 'the end' : `${remaining.length === 1 ? `Q${remaining[0]}` : `Q${remaining[0]}–Q${remaining[remaining.length - 1]}`} and the end`;

  return (
    <section aria-labelledby="controls-title">
      <h3 id="controls-title">Run the show</h3>
      {show.status === 'scheduled' && (
        <div className="show-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void run('start')}>
            Start now
          </button>
          <span className="small muted">Planned for {seriesTime(show.startsAt, jam.timeZone)}; starting early moves every question earlier too.</span>
        </div>
      )}
      {show.status === 'live' && (
        <>
          <div className="next-preview" aria-live="polite">
            {next ? (
              <>
                <span className="small muted">Next, planned {show.nextQuestionAt ? seriesClock(show.nextQuestionAt, jam.timeZone) : ''}:</span>
                <br />
                <span className="qnum">Q{next.n}</span> {next.text}
              </>
            ) : (
              <span className="small">Every question has been released. The jam ends at {seriesClock(show.endsAt, jam.timeZone)}.</span>
            )}
          </div>
          <div className="show-actions">
            {next && (
              <button type="button" className="primary" disabled={busy} onClick={() => void run('release_next')}>
                Release Q{next.n} now
              </button>
            )}
            <label htmlFor="extend-by" className="small">
              Extend by
            </label>
            <input id="extend-by" className="minutes" type="number" min={1} max={120} value={extendBy} onChange={(e) => setExtendBy(Number(e.target.value))} aria-describedby="extend-note" />
            <span className="small">minutes</span>
            <button type="button" disabled={busy || !(extendBy >= 1 && extendBy <= 120)} onClick={() => void run('extend', extendBy)}>
              Extend
            </button>
            {!confirmEnd ? (
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirmEnd(true)}>
                End jam…
              </button>
            ) : (
              <span role="group" aria-label="Confirm the end" className="row">
                <strong className="small">End for everyone now?</strong>
                <button type="button" className="danger" disabled={busy} onClick={() => void run('end')}>
                  End now
                </button>
                <button type="button" onClick={() => setConfirmEnd(false)}>
                  Keep going
                </button>
              </span>
            )}
          </div>
          <p id="extend-note" className="small muted extend-note">
            Extending moves {moves} (now {seriesClock(show.endsAt, jam.timeZone)}) later by that many minutes.
          </p>
        </>
      )}
      {show.status === 'ended' && (
        <p>
          The jam ended at {seriesClock(show.endedAt ?? show.endsAt, jam.timeZone)}. Its transcript is in the archive.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

const STAGE_LABEL = { released: 'Released', current: 'Current, released', next: 'Next', planned: 'Planned', not_asked: 'Not asked' } as const;

/** Every question with its time, straight from the server's derived show. */
function Timeline({ jam }: { jam: JamView }) {
  const { show } = jam;
  const steps = questionSteps(show);
  const start = show.startedAt ?? show.startsAt;
  const end = show.endedAt ?? show.endsAt;
  return (
    <section aria-labelledby="timeline-title">
      <h3 id="timeline-title">Timeline</h3>
      <p className="small" data-testid="timeline-span">
        {show.status === 'scheduled' ? 'Planned ' : show.status === 'live' ? 'Started ' : ''}
        {seriesClock(start, jam.timeZone)} → {show.status === 'ended' ? 'ended ' : 'ends '}
        {seriesClock(end, jam.timeZone)}
        {show.extendedMin > 0 && ` · extended ${show.extendedMin} min`}
      </p>
      <ol className="console-timeline" data-testid="timeline">
        {steps.map((step) => {
          const question = jam.questions[step.n - 1];
          const why = show.status === 'ended' ? 'the jam ended before it' : 'the jam ends before it; release it or extend';
          return (
            <li key={step.n} className={`stage-${step.stage}`} data-question={step.n} data-stage={step.stage} data-at={step.at ?? ''}>
              <span className="qnum">Q{step.n}</span>
              <span>
                <span className="when">
                  {STAGE_LABEL[step.stage]}
                  {step.at ? ` · ${seriesClock(step.at, jam.timeZone)}` : ` · ${why}`}
                </span>
                <br />
                {question?.text}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
