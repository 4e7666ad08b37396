import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditEntryView } from '../../../../../shared/moderation.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { clockTime } from '../../../lib/time.ts';
import type { ConsolePanelProps } from './panels.tsx';

/** Every moderation action of the series (or this jam), filterable by action and person. */
export function AuditPanel({ jam, series, queue }: ConsolePanelProps) {
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [scope, setScope] = useState<'jam' | 'series'>('jam');
  const [action, setAction] = useState('');
  const [person, setPerson] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    hostApi.audit(series.slug, scope === 'jam' ? jam.slug : undefined).then(
      (r) => setEntries(r.entries),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [series.slug, jam.slug, scope]);
  useEffect(load, [load]);
  // Every moderation change re-reads the queue; read the log again with it.
  const [seen, setSeen] = useState(queue);
  if (seen !== queue) {
    setSeen(queue);
    load();
  }
  const actions = useMemo(() => [...new Set((entries ?? []).map((e) => e.action))].sort(), [entries]);
  const needle = person.trim().replace(/^@/, '').toLowerCase();
  const shown = (entries ?? []).filter((e) => (!action || e.action === action) && (!needle || [e.actor?.handle, e.target?.handle].some((h) => h?.toLowerCase().includes(needle))));
  return (
    <>
      <h2>Audit log</h2>
      <div className="inline-form">
        <label htmlFor="audit-scope" className="small">
          Show
        </label>
        <select id="audit-scope" value={scope} onChange={(e) => setScope(e.target.value as 'jam' | 'series')}>
          <option value="jam">This jam</option>
          <option value="series">Every jam of {series.hashtag}</option>
        </select>
        <label htmlFor="audit-action" className="small">
          Action
        </label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">Any</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <label htmlFor="audit-person" className="small">
          Person
        </label>
        <input id="audit-person" value={person} onChange={(e) => setPerson(e.target.value)} placeholder="@handle" />
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="small muted">No entries{action || needle ? ' match' : ' yet'}.</p>
      ) : (
        <div className="audit-scroll">
          <table className="audit-table">
            <caption className="visually-hidden">Moderation actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Whom</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.id}>
                  <td>{clockTime(e.createdAt)}</td>
                  <td>{e.actor ? `@${e.actor.handle}` : '—'}</td>
                  <td>{e.action}</td>
                  <td>{e.target ? `@${e.target.handle}` : '—'}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
