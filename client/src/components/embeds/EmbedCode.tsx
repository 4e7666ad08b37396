import { useEffect, useId, useState, type FormEvent } from 'react';
import { cardPath, EmbedSize, embedHtml, widgetPath, type EmbedSettingsView } from '../../../../shared/embeds.ts';
import type { JamSummary } from '../../../../shared/model.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { embedsApi } from '../../api/recaps.ts';
// oxlint-disable-next-line import/no-unassigned-import
import '../../pages/embeds/embeds.css';

/** Columns a widget can show, in the live view's column syntax. */
const WIDGET_COLUMNS = [
  { kind: 'all', label: 'All messages' },
  { kind: 'question', label: 'This question' },
  { kind: 'featured', label: 'Featured' },
  { kind: 'panelists', label: 'Panelists' },
] as const;

/** For a series' hosts: which sites may embed, and the code to paste for a jam's widget or card. */
export function EmbedCode({ seriesSlug, jams }: { seriesSlug: string; jams: JamSummary[] }) {
  const id = useId();
  const [slug, setSlug] = useState(jams[0]?.slug ?? '');
  const [kind, setKind] = useState<'widget' | 'card'>(jams[0]?.status === 'ended' ? 'card' : 'widget');
  const [settings, setSettings] = useState<EmbedSettingsView | null>(null);
  const [origins, setOrigins] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [columns, setColumns] = useState<string[]>(['all', 'featured']);

  useEffect(() => {
    embedsApi.settings(seriesSlug).then(
      ({ embed }) => {
        setSettings(embed);
        setOrigins(embed.origins.join('\n'));
      },
      (e: unknown) => setNote(describeError(toApiError(e))),
    );
  }, [seriesSlug]);

  if (jams.length === 0) return null;
  const jam = jams.find((j) => j.slug === slug) ?? jams[0]!;
  const size = EmbedSize[kind];
  const origin = location.origin;
  const src = origin + (kind === 'widget' ? `${widgetPath(jam.slug)}?columns=${(columns.length ? columns : ['all']).join(',')}` : cardPath(jam.slug));
  const code = embedHtml(src, `${origin}/jams/${jam.slug}`, jam.title, size.width, size.height);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!settings) return;
    const list = origins.split(/[\s,]+/).filter(Boolean);
    embedsApi.update(seriesSlug, { framing: settings.framing, origins: list }).then(
      ({ embed }) => {
        setSettings(embed);
        setOrigins(embed.origins.join('\n'));
        setNote(embed.framing === 'anywhere' ? 'Saved: any site may embed these widgets.' : `Saved: only ${embed.origins.join(', ') || 'TweetJam itself'} may embed them.`);
      },
      (e: unknown) => setNote(describeError(toApiError(e))),
    );
  };
  const copy = () => {
    void navigator.clipboard?.writeText(code).then(() => setCopied(true));
  };

  return (
    <section className="panel embed-code" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Embed on your site</h2>
      <p className="small muted">Paste this into a web page, or just paste a jam's link into a blog that understands oEmbed (WordPress, Ghost…).</p>
      <div className="row">
        <label htmlFor={`${id}-jam`}>Jam</label>
        <select id={`${id}-jam`} value={jam.slug} onChange={(e) => setSlug(e.target.value)}>
          {jams.map((j) => (
            <option key={j.slug} value={j.slug}>
              {j.title} ({j.status})
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-kind`}>Show</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as 'widget' | 'card')}>
          <option value="widget">Live widget (question + stream)</option>
          <option value="card">Card (recap or archive)</option>
        </select>
      </div>
      {kind === 'widget' && (
        <fieldset className="plain-fieldset">
          <legend>Columns in the widget (readers switch between them)</legend>
          {WIDGET_COLUMNS.map((c) => (
            <label key={c.kind}>
              <input type="checkbox" checked={columns.includes(c.kind)} onChange={(e) => setColumns(e.target.checked ? [...columns, c.kind] : columns.filter((k) => k !== c.kind))} /> {c.label}{' '}
            </label>
          ))}
        </fieldset>
      )}
      <label htmlFor={`${id}-code`}>Embed code</label>
      <textarea id={`${id}-code`} readOnly rows={4} value={code} onFocus={(e) => e.currentTarget.select()} />
      <div className="row">
        <button type="button" onClick={copy}>
          Copy code
        </button>
        <span role="status" className="small muted">
          {copied ? 'Copied.' : ''}
        </span>
      </div>
      {settings && (
        <form onSubmit={save} className="stack">
          <fieldset className="plain-fieldset">
            <legend>Sites allowed to embed</legend>
            <label>
              <input type="radio" name={`${id}-framing`} checked={settings.framing === 'anywhere'} onChange={() => setSettings({ ...settings, framing: 'anywhere' })} /> Any site
            </label>{' '}
            <label>
              <input type="radio" name={`${id}-framing`} checked={settings.framing === 'listed'} onChange={() => setSettings({ ...settings, framing: 'listed' })} /> Only these sites
            </label>
          </fieldset>
          {settings.framing === 'listed' && (
            <label className="stack">
              <span>Site addresses, one per line (e.g. https://blog.example.com)</span>
              <textarea rows={3} value={origins} onChange={(e) => setOrigins(e.target.value)} />
            </label>
          )}
          <div className="row">
            <button type="submit">Save embedding</button>
            <span role="status" className="small">
              {note}
            </span>
          </div>
        </form>
      )}
      <details className="embed-preview">
        <summary>Preview</summary>
        {/* Our own page, exactly as other sites frame it: a sandbox would give it an opaque origin and break its API calls. */}
        {/* oxlint-disable-next-line react/iframe-missing-sandbox */}
        <iframe src={src} width={size.width} height={size.height} title={`Preview: ${jam.title}`} style={{ border: '1px solid #d0d7de', borderRadius: 8, maxWidth: '100%' }} />
      </details>
    </section>
  );
}
