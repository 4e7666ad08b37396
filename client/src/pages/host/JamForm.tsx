import { useState, type FormEvent } from 'react';
import type { JamView, SeriesView } from '../../../../shared/model.ts';
import { jamsApi, seriesApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { formatInZone, zonedInstant } from '../../../../shared/time.ts';

interface QuestionDraft {
  text: string;
  offsetMin: number;
}

/** "2026-03-08T18:00" of an instant in a zone, for a datetime-local input. */
function wallClock(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The wall-clock start read in the series' zone, as the host's own time when that differs. */
function localHint(wall: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(wall)) return '';
  const hostZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (hostZone === timeZone) return '';
  try {
    const at = zonedInstant(wall.slice(0, 16) + ':00', timeZone);
    return `That is ${formatInZone(at, hostZone)} your time.`;
  } catch {
    return '';
  }
}

/** Plans a jam (questions with offsets, panelists) or edits a scheduled one. */
export function JamForm({ series, jam, onSaved }: { series: SeriesView; jam?: JamView; onSaved: (jam: JamView) => void }) {
  const [title, setTitle] = useState(jam?.title ?? '');
  const [description, setDescription] = useState(jam?.description ?? '');
  const [start, setStart] = useState(() => wallClock(jam?.startsAt ?? new Date(Date.now() + 86_400_000).toISOString(), series.timeZone));
  const [duration, setDuration] = useState(jam?.durationMin ?? series.defaultDurationMin);
  const [questions, setQuestions] = useState<QuestionDraft[]>(jam?.questions.map((q) => ({ text: q.text, offsetMin: q.offsetMin })) ?? [{ text: '', offsetMin: 0 }]);
  const [questionsPublic, setQuestionsPublic] = useState(jam?.questionsPublic ?? true);
  const [panelists, setPanelists] = useState(jam?.panelists.map((p) => p.handle).join(', ') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const prefix = jam ? 'ej' : 'nj';

  const setQuestion = (i: number, patch: Partial<QuestionDraft>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const addQuestion = () => setQuestions((qs) => [...qs, { text: '', offsetMin: (qs[qs.length - 1]?.offsetMin ?? -10) + 10 }]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const input = {
      title,
      description,
      startsAtLocal: start.length === 16 ? `${start}:00` : start,
      durationMin: duration,
      questions: questions.filter((q) => q.text.trim()),
      panelists: panelists.split(/[\s,]+/).map((h) => h.replace(/^@/, '')).filter(Boolean),
      questionsPublic,
    };
    try {
      const result = jam ? await jamsApi.update(jam.slug, input) : await seriesApi.createJam(series.slug, input);
      setSaved(true);
      onSaved(result.jam);
    } catch (e) {
      setError(describeError(toApiError(e)));
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} aria-label={jam ? 'Edit jam' : 'New jam'}>
      <label htmlFor={`${prefix}-title`}>Title</label>
      <input id={`${prefix}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={140} />
      <label htmlFor={`${prefix}-desc`}>Description</label>
      <textarea id={`${prefix}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      <div className="row">
        <div className="stack">
          <label htmlFor={`${prefix}-start`}>Starts ({series.timeZone})</label>
          <input id={`${prefix}-start`} type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required aria-describedby={`${prefix}-start-local`} />
          <span id={`${prefix}-start-local`} className="small muted">
            {localHint(start, series.timeZone)}
          </span>
        </div>
        <div className="stack">
          <label htmlFor={`${prefix}-dur`}>Length (minutes)</label>
          <input id={`${prefix}-dur`} type="number" min={10} max={480} value={duration} onChange={(e) => setDuration(Number(e.target.value))} />
        </div>
      </div>
      <fieldset>
        <legend>Questions</legend>
        <ol className="question-list">
          {questions.map((q, i) => (
            <li key={i} className="row">
              <label htmlFor={`${prefix}-q${i}`} className="visually-hidden">
                Question {i + 1}
              </label>
              <input id={`${prefix}-q${i}`} className="grow" value={q.text} onChange={(e) => setQuestion(i, { text: e.target.value })} placeholder={`Q${i + 1}`} maxLength={280} />
              <label htmlFor={`${prefix}-q${i}-at`} className="small">
                at minute
              </label>
              <input id={`${prefix}-q${i}-at`} className="minutes" type="number" min={0} max={479} value={q.offsetMin} onChange={(e) => setQuestion(i, { offsetMin: Number(e.target.value) })} />
              <button type="button" className="icon" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))} aria-label={`Remove question ${i + 1}`}>
                ×
              </button>
            </li>
          ))}
        </ol>
        <button type="button" onClick={addQuestion}>
          Add question
        </button>
        <label className="toggle-line">
          <input type="checkbox" checked={questionsPublic} onChange={(e) => setQuestionsPublic(e.target.checked)} aria-describedby={`${prefix}-qpublic-hint`} /> Show all questions to the audience in advance
        </label>
        <span id={`${prefix}-qpublic-hint`} className="small muted">
          {questionsPublic ? 'Anyone can read them on the jam’s page before the start.' : 'Each question appears when it is released; you, your co-hosts and panelists still see them all.'}
        </span>
      </fieldset>
      <label htmlFor={`${prefix}-panelists`}>Panelists (handles, comma separated)</label>
      <input id={`${prefix}-panelists`} value={panelists} onChange={(e) => setPanelists(e.target.value)} placeholder="@ada, @grace" />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {saved && jam && <p role="status">Saved.</p>}
      <button type="submit" className="primary">
        {jam ? 'Save jam' : 'Create jam'}
      </button>
    </form>
  );
}
