import { useState, type FormEvent } from 'react';
import type { JamView } from '../../../../../shared/model.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { useStore } from '../../../store/index.ts';

interface Draft {
  text: string;
  offsetMin: number;
  locked: boolean;
}

/** The plan's own questions: audience questions promoted into the show are not part of the plan. */
const planned = (jam: JamView) => jam.questions.filter((q) => !q.audienceQuestionId);
const draftOf = (jam: JamView): Draft[] => planned(jam).map((q) => ({ text: q.text, offsetMin: q.offsetMin, locked: q.released }));

/**
 * The questions not released yet, editable while the jam runs: text, minute, order (moving a
 * question keeps the time slots, so the plan stays in order), add and remove. Released ones are
 * shown locked. The server checks the edit against the live show and refuses stale ones.
 */
export function QuestionEditor({ jam }: { jam: JamView }) {
  const source = JSON.stringify(planned(jam).map((q) => [q.text, q.offsetMin, q.released]));
  const [base, setBase] = useState(source);
  const [drafts, setDrafts] = useState<Draft[]>(() => draftOf(jam));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [moved, setMoved] = useState(false);
  const dirty = JSON.stringify(drafts.map((d) => [d.text, d.offsetMin, d.locked])) !== base;
  // The plan changed on the server (a release, another host's edit). Untouched drafts follow it;
  // edits in progress are kept and the host is told (saving checks them against the new plan).
  if (base !== source) {
    setBase(source);
    if (dirty) {
      const released = new Set(jam.questions.filter((q) => q.released).map((q) => q.n - 1));
      setDrafts((ds) => ds.map((d, i) => ({ ...d, locked: released.has(i) })));
      setMoved(true);
    } else setDrafts(draftOf(jam));
  }

  const set = (i: number, patch: Partial<Draft>) => setDrafts((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const swap = (i: number, j: number) =>
    setDrafts((ds) => {
      const next = [...ds];
      const a = next[i]!;
      const b = next[j]!;
      next[i] = { ...a, text: b.text };
      next[j] = { ...b, text: a.text };
      return next;
    });
  const add = () => setDrafts((ds) => [...ds, { text: '', offsetMin: Math.min(jam.durationMin - 1, (ds[ds.length - 1]?.offsetMin ?? -5) + 5), locked: false }]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const { jam: saved } = await hostApi.editQuestions(jam.slug, drafts.filter((d) => d.text.trim()).map((d) => ({ text: d.text.trim(), offsetMin: d.offsetMin })));
      useStore.getState().openJam(saved, useStore.getState().viewer);
      setMoved(false);
      setStatus('Saved. Everyone sees the new plan.');
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void save(e)} aria-labelledby="plan-title" className="question-editor">
      <h3 id="plan-title">Questions</h3>
      <p className="small muted">Released questions are fixed. Edit, add, remove or reorder the others; minutes count from the start.</p>
      {jam.questions.length > planned(jam).length && <p className="small muted">Audience questions you promoted keep their place in the show and are not listed here.</p>}
      <ol className="plain">
        {drafts.map((d, i) => {
          const n = i + 1;
          const movable = (j: number) => j >= 0 && j < drafts.length && !drafts[j]!.locked;
          return (
            <li key={i}>
              <span className="qnum">Q{n}</span>
              {d.locked ? (
                <span className="locked">
                  {d.text} <span className="small">(released)</span>
                </span>
              ) : (
                <>
                  <label htmlFor={`qe-${n}`} className="visually-hidden">
                    Question {n}
                  </label>
                  <input id={`qe-${n}`} className="text" value={d.text} maxLength={280} onChange={(e) => set(i, { text: e.target.value })} />
                  <label htmlFor={`qe-${n}-at`} className="small">
                    minute
                  </label>
                  <input id={`qe-${n}-at`} className="minutes" type="number" min={0} max={jam.durationMin - 1} value={d.offsetMin} onChange={(e) => set(i, { offsetMin: Number(e.target.value) })} />
                  <button type="button" className="icon" disabled={!movable(i - 1)} onClick={() => swap(i, i - 1)} aria-label={`Move Q${n} up`}>
                    ↑
                  </button>
                  <button type="button" className="icon" disabled={!movable(i + 1)} onClick={() => swap(i, i + 1)} aria-label={`Move Q${n} down`}>
                    ↓
                  </button>
                  <button type="button" className="icon" onClick={() => setDrafts((ds) => ds.filter((_, j) => j !== i))} aria-label={`Remove Q${n}`}>
                    ×
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ol>
      <div className="row">
        <button type="button" onClick={add} disabled={drafts.length >= 30}>
          Add a question
        </button>
        <button type="submit" className="primary" disabled={busy || !dirty}>
          Save questions
        </button>
        {dirty && (
          <button
            type="button"
            onClick={() => {
              setDrafts(draftOf(jam));
              setMoved(false);
            }}
          >
            Undo changes
          </button>
        )}
      </div>
      {moved && dirty && (
        <p role="status" className="small">
          The show moved on while you edited; your changes are kept. Saving checks them against the plan as it is now.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {status && !dirty && <p role="status">{status}</p>}
    </form>
  );
}
