import { useEffect, useState, type FormEvent } from 'react';
import type { AutomodSettings } from '../../../../shared/interaction.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { interactionApi } from '../../api/interaction.ts';
// Styles travel with the component (Vite bundles CSS imports), like the reports pages.
// oxlint-disable-next-line import/no-unassigned-import
import './interaction.css';

type Blocked = AutomodSettings['blocked'][number];

/** Series settings: the automatic moderation rules, applied to every jam of the series and to posts from X. */
export function AutomodPanel({ seriesSlug }: { seriesSlug: string }) {
  const [settings, setSettings] = useState<AutomodSettings | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    interactionApi.automod(seriesSlug).then(
      (r) => setSettings(r.settings),
      (e: unknown) => setMessage({ error: true, text: describeError(toApiError(e)) }),
    );
  }, [seriesSlug]);
  if (!settings) return message ? <p role="alert" className="error">{message.text}</p> : <p className="muted">Loading the moderation rules…</p>;

  const set = <K extends keyof AutomodSettings>(key: K, value: AutomodSettings[K]) => setSettings({ ...settings, [key]: value });
  const setBlocked = (i: number, patch: Partial<Blocked>) => set('blocked', settings.blocked.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const num = (value: string) => Math.max(0, Math.trunc(Number(value) || 0));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const saved = await interactionApi.saveAutomod(seriesSlug, { ...settings, blocked: settings.blocked.filter((b) => b.pattern.trim()) });
      setSettings(saved.settings);
      setMessage({ error: false, text: 'Saved. The rules apply to the next post.' });
    } catch (e) {
      setMessage({ error: true, text: describeError(toApiError(e)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="automod-panel stack" onSubmit={(e) => void save(e)} aria-label="Automatic moderation">
      <p className="small muted">Applies to participants’ posts in every jam of this series, posts from X included. Hosts and panelists are never judged. Everything it does is in the audit log and can be undone from the console.</p>
      <label className="row">
        <input type="checkbox" checked={settings.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Turn automatic moderation on
      </label>
      <fieldset disabled={!settings.enabled}>
        <legend>Blocked words and patterns</legend>
        {settings.blocked.length === 0 && <p className="small muted">None yet.</p>}
        {settings.blocked.map((rule, i) => (
          <div key={i} className="row">
            <label htmlFor={`blocked-${i}`} className="visually-hidden">
              Blocked {rule.regex ? 'pattern' : 'word or phrase'} {i + 1}
            </label>
            <input id={`blocked-${i}`} className="grow" value={rule.pattern} maxLength={200} onChange={(e) => setBlocked(i, { pattern: e.target.value })} placeholder={rule.regex ? 'a regular expression' : 'a word or phrase'} />
            <label className="small">
              <input type="checkbox" checked={rule.regex} onChange={(e) => setBlocked(i, { regex: e.target.checked })} /> pattern
            </label>
            <label htmlFor={`blocked-action-${i}`} className="visually-hidden">
              What to do with a match of rule {i + 1}
            </label>
            <select id={`blocked-action-${i}`} value={rule.action} onChange={(e) => setBlocked(i, { action: e.target.value as Blocked['action'] })}>
              <option value="hold">Hold for approval</option>
              <option value="hide">Hide</option>
            </select>
            <button type="button" className="icon" aria-label={`Remove rule ${i + 1}`} onClick={() => set('blocked', settings.blocked.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set('blocked', [...settings.blocked, { pattern: '', regex: false, action: 'hold' }])}>
          Add a blocked word
        </button>
      </fieldset>
      <fieldset disabled={!settings.enabled}>
        <legend>Links from new accounts</legend>
        <label className="row">
          <input type="checkbox" checked={settings.links.enabled} onChange={(e) => set('links', { ...settings.links, enabled: e.target.checked })} /> Hold posts with links
        </label>
        <div className="row">
          <label htmlFor="links-days">from accounts younger than (days)</label>
          <input id="links-days" className="minutes" type="number" min={0} value={settings.links.minAccountDays} onChange={(e) => set('links', { ...settings.links, minAccountDays: num(e.target.value) })} />
          <label htmlFor="links-posts">or with fewer earlier posts than</label>
          <input id="links-posts" className="minutes" type="number" min={0} value={settings.links.minPriorPosts} onChange={(e) => set('links', { ...settings.links, minPriorPosts: num(e.target.value) })} />
        </div>
      </fieldset>
      <fieldset disabled={!settings.enabled}>
        <legend>First posts</legend>
        <div className="row">
          <label className="row">
            <input type="checkbox" checked={settings.firstPost.enabled} onChange={(e) => set('firstPost', { ...settings.firstPost, enabled: e.target.checked })} /> Hold the first post of accounts younger than (days)
          </label>
          <label htmlFor="first-days" className="visually-hidden">
            Account age in days
          </label>
          <input id="first-days" className="minutes" type="number" min={0} value={settings.firstPost.accountDays} onChange={(e) => set('firstPost', { ...settings.firstPost, accountDays: num(e.target.value) })} />
        </div>
      </fieldset>
      <fieldset disabled={!settings.enabled}>
        <legend>Repeated text</legend>
        <div className="row">
          <label className="row">
            <input type="checkbox" checked={settings.repeated.enabled} onChange={(e) => set('repeated', { ...settings.repeated, enabled: e.target.checked })} /> When the same text is posted
          </label>
          <label htmlFor="repeat-times" className="visually-hidden">
            Times
          </label>
          <input id="repeat-times" className="minutes" type="number" min={2} value={settings.repeated.times} onChange={(e) => set('repeated', { ...settings.repeated, times: Math.max(2, num(e.target.value)) })} />
          <label htmlFor="repeat-minutes">times within (minutes)</label>
          <input id="repeat-minutes" className="minutes" type="number" min={1} value={settings.repeated.minutes} onChange={(e) => set('repeated', { ...settings.repeated, minutes: Math.max(1, num(e.target.value)) })} />
          <label htmlFor="repeat-action" className="visually-hidden">
            What to do with the copies
          </label>
          <select id="repeat-action" value={settings.repeated.action} onChange={(e) => set('repeated', { ...settings.repeated, action: e.target.value as 'hide' | 'hold' })}>
            <option value="hide">hide the copies</option>
            <option value="hold">hold the copies</option>
          </select>
        </div>
      </fieldset>
      <fieldset disabled={!settings.enabled}>
        <legend>Posting rate</legend>
        <div className="row">
          <label className="row">
            <input type="checkbox" checked={settings.rate.enabled} onChange={(e) => set('rate', { ...settings.rate, enabled: e.target.checked })} /> Hold posts beyond
          </label>
          <label htmlFor="rate-posts" className="visually-hidden">
            Posts per minute
          </label>
          <input id="rate-posts" className="minutes" type="number" min={1} value={settings.rate.postsPerMinute} onChange={(e) => set('rate', { ...settings.rate, postsPerMinute: Math.max(1, num(e.target.value)) })} />
          <span>per person per minute</span>
        </div>
      </fieldset>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          Save moderation rules
        </button>
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error small' : 'small muted'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
