import { nanoid } from 'nanoid';
import { useState, type FormEvent } from 'react';
import type { JamView } from '../../../../shared/model.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { interactionApi } from '../../api/interaction.ts';
import { useStore } from '../../store/index.ts';

const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;

/** Hosts: a poll posted now, or attached to a question of the run of show (it opens on that question's release). */
export function PollComposer({ jam }: { jam: JamView }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState(['', '']);
  const [question, setQuestion] = useState('');
  const [results, setResults] = useState<'on_reveal' | 'live'>('on_reveal');
  const [clientId, setClientId] = useState(() => nanoid());
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (jam.status === 'ended') return null;
  const current = jam.show.currentQuestion ?? 0;
  const upcoming = jam.questions.filter((q) => q.n >= current);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const { poll } = await interactionApi.createPoll(jam.slug, { clientId, text: text.trim(), options: options.map((o) => o.trim()).filter(Boolean), question: question ? Number(question) : null, results });
      useStore.getState().upsertPolls([poll]);
      setText('');
      setOptions(['', '']);
      setClientId(nanoid());
      setMessage({ error: false, text: poll.status === 'open' ? 'The poll is open.' : `The poll opens with Q${poll.question}.` });
    } catch (e) {
      setMessage({ error: true, text: describeError(toApiError(e)) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="poll-composer" onSubmit={(e) => void submit(e)} aria-label="New poll">
      <label htmlFor="poll-text">Poll question</label>
      <input id="poll-text" value={text} maxLength={280} onChange={(e) => setText(e.target.value)} required />
      <fieldset>
        <legend>Options (one choice each, {MIN_OPTIONS}–{MAX_OPTIONS})</legend>
        {options.map((option, i) => (
          <div key={i} className="row">
            <label htmlFor={`poll-option-${i}`} className="visually-hidden">
              Option {i + 1}
            </label>
            <input id={`poll-option-${i}`} className="grow" value={option} maxLength={100} placeholder={`Option ${i + 1}`} onChange={(e) => setOptions(options.map((o, j) => (j === i ? e.target.value : o)))} />
            {options.length > MIN_OPTIONS && (
              <button type="button" className="icon" aria-label={`Remove option ${i + 1}`} onClick={() => setOptions(options.filter((_, j) => j !== i))}>
                ×
              </button>
            )}
          </div>
        ))}
        {options.length < MAX_OPTIONS && (
          <button type="button" onClick={() => setOptions([...options, ''])}>
            Add option
          </button>
        )}
      </fieldset>
      <div className="row">
        <label htmlFor="poll-question">Show it</label>
        <select id="poll-question" value={question} onChange={(e) => setQuestion(e.target.value)}>
          <option value="">Now, in the stream</option>
          {upcoming.map((q) => (
            <option key={q.n} value={q.n}>
              With Q{q.n}
              {q.released ? ' (now)' : ' (when released)'}: {q.text.slice(0, 40)}
            </option>
          ))}
        </select>
        <label htmlFor="poll-results">Results</label>
        <select id="poll-results" value={results} onChange={(e) => setResults(e.target.value as 'on_reveal' | 'live')}>
          <option value="on_reveal">Hidden until I reveal them</option>
          <option value="live">Shown live to everyone</option>
        </select>
      </div>
      <p className="small muted">It closes when the next question is released, at the end, or when you close it.</p>
      <button type="submit" className="primary" disabled={busy}>
        Post poll
      </button>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error small' : 'small muted'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
