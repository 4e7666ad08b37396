import { useState } from 'react';
import type { JamView } from '../../../../../shared/model.ts';
import { jamsApi } from '../../../api/endpoints.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { useStore } from '../../../store/index.ts';

/**
 * Who reads the questions not yet released, once the jam is under way (before the start the jam
 * form carries the same setting). Released questions are public either way.
 */
export function QuestionsPublicToggle({ jam }: { jam: JamView }) {
  // The box follows the click at once; the server's answer (or a failure) sets it right.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const questionsPublic = chosen ?? jam.questionsPublic;
  const change = async (value: boolean) => {
    setChosen(value);
    setError(null);
    try {
      const { jam: saved } = await jamsApi.update(jam.slug, { questionsPublic: value });
      useStore.getState().openJam(saved, useStore.getState().viewer);
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setChosen(null);
    }
  };
  return (
    <div className="panel">
      <label className="toggle-line">
        <input type="checkbox" checked={questionsPublic} disabled={chosen !== null} onChange={(e) => void change(e.target.checked)} aria-describedby="qpublic-live-hint" /> Show all
        questions to the audience in advance
      </label>
      <span id="qpublic-live-hint" className="small muted">
        {questionsPublic ? 'The audience can read the questions still to come.' : 'The audience sees each question when it is released; hosts and panelists see them all.'}
      </span>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
