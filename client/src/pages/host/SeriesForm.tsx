import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import type { SeriesView } from '../../../../shared/model.ts';
import { seriesApi } from '../../api/endpoints.ts';
import { ApiFailure, describeError, toApiError } from '../../api/http.ts';
import { TimeZonePicker } from './console/TimeZonePicker.tsx';

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Creates a series (with its reserved hashtag) or edits one. */
export function SeriesForm({ series, onSaved }: { series?: SeriesView; onSaved?: (s: SeriesView) => void }) {
  const [name, setName] = useState(series?.name ?? '');
  const [hashtag, setHashtag] = useState(series?.hashtag ?? '');
  const [description, setDescription] = useState(series?.description ?? '');
  const [rules, setRules] = useState(series?.rules ?? '');
  const [timeZone, setTimeZone] = useState(series?.timeZone ?? localZone());
  const [duration, setDuration] = useState(series?.defaultDurationMin ?? 60);
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [, navigate] = useLocation();
  const prefix = series ? 'es' : 'ns';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const common = { name, description, rules, timeZone, defaultDurationMin: duration };
      if (series) {
        const { series: updated } = await seriesApi.update(series.slug, common);
        setSaved(true);
        onSaved?.(updated);
      } else {
        const { series: created } = await seriesApi.create({ ...common, hashtag });
        navigate(`/host/series/${created.slug}`);
      }
    } catch (e) {
      setError({ text: describeError(toApiError(e)), field: e instanceof ApiFailure ? e.field : undefined });
    }
  };

  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${prefix}-name`}>Name</label>
      <input id={`${prefix}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      {!series && (
        <>
          <label htmlFor={`${prefix}-hashtag`}>Hashtag (reserved for this series)</label>
          <input id={`${prefix}-hashtag`} value={hashtag} onChange={(e) => setHashtag(e.target.value)} required placeholder="#cxmchat" aria-invalid={error?.field === 'hashtag'} />
        </>
      )}
      <label htmlFor={`${prefix}-desc`}>Description</label>
      <textarea id={`${prefix}-desc`} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      <label htmlFor={`${prefix}-rules`}>Rules (participants accept these before posting)</label>
      <textarea id={`${prefix}-rules`} value={rules} onChange={(e) => setRules(e.target.value)} rows={3} />
      <div className="row">
        <div className="stack">
          <label htmlFor={`${prefix}-tz`}>Time zone</label>
          <TimeZonePicker id={`${prefix}-tz`} value={timeZone} onChange={setTimeZone} />
        </div>
        <div className="stack">
          <label htmlFor={`${prefix}-dur`}>Default length (minutes)</label>
          <input id={`${prefix}-dur`} type="number" min={10} max={480} value={duration} onChange={(e) => setDuration(Number(e.target.value))} />
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          {error.text}
        </p>
      )}
      {saved && <p role="status">Saved.</p>}
      <button type="submit" className="primary">
        {series ? 'Save series' : 'Create series'}
      </button>
    </form>
  );
}
