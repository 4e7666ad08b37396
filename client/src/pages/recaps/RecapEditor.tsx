import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'wouter';
import type { MessageView, Transcript } from '../../../../shared/model.ts';
import { recapPath, type RecapDraftView } from '../../../../shared/recaps.ts';
import { jamsApi } from '../../api/endpoints.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { recapsApi } from '../../api/recaps.ts';
import { clockTime } from '../../lib/time.ts';
import { candidates, insertQuote, move, withKey, withoutKey, type EditorBlock } from './blocks.ts';
// oxlint-disable-next-line import/no-unassigned-import
import './recaps.css';

type SaveState = 'saved' | 'dirty' | 'saving' | 'conflict' | 'invalid' | 'error';
/** Quiet time after the last keystroke before the draft is saved. */
const AUTOSAVE_MS = 800;

const STATE_TEXT: Record<SaveState, string> = {
  saved: 'All changes saved.',
  dirty: 'Unsaved changes…',
  saving: 'Saving…',
  conflict: 'Someone else changed this recap (another tab or a co-host). Reload to see their version; changes made here since then are not saved.',
  invalid: 'Headings and notes cannot be empty; fill them in or remove them to save.',
  error: 'Could not save; retrying when you change something.',
};

/** `/host/jams/:slug/recap`: pick messages, order them, add headings and notes, publish. Autosaves. */
export default function RecapEditor() {
  const { slug } = useParams<{ slug: string }>();
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [draft, setDraft] = useState<RecapDraftView | null>(null);
  const [cover, setCover] = useState('');
  const [blocks, setBlocks] = useState<EditorBlock[]>([]);
  const [state, setState] = useState<SaveState>('saved');
  const [error, setError] = useState<string | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  /** The id of the button to focus after a reorder re-renders the list. */
  const focusAfter = useRef<string | null>(null);
  const autosave = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const version = useRef(0);
  const saveRef = useRef<() => Promise<boolean>>(async () => false);
  const latest = useRef({ cover: '', blocks: [] as EditorBlock[] });
  const inFlight = useRef<Promise<void> | null>(null);

  const load = useCallback(() => {
    Promise.all([recapsApi.draft(slug), jamsApi.transcript(slug)]).then(
      ([{ draft: d }, t]) => {
        setTranscript(t);
        setDraft(d);
        version.current = d.version;
        const keyed = d.content.blocks.map(withKey);
        latest.current = { cover: d.content.cover, blocks: keyed };
        setCover(d.content.cover);
        setBlocks(keyed);
        setState('saved');
        document.title = `Recap of ${t.jam.title} · TweetJam`;
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [slug]);
  useEffect(load, [load]);

  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    const { cover: c, blocks: b } = latest.current;
    if (b.some((x) => x.kind !== 'quote' && !x.text.trim())) {
      setState('invalid');
      return false;
    }
    let ok = true;
    setState('saving');
    inFlight.current = recapsApi.save(slug, { cover: c, blocks: b.map(withoutKey), version: version.current }).then(
      ({ draft: d }) => {
        version.current = d.version;
        setDraft(d);
        // Edits made while this save was in flight are saved by the next round.
        setState(latest.current.blocks === b && latest.current.cover === c ? 'saved' : 'dirty');
      },
      (e: unknown) => {
        ok = false;
        setState(toApiError(e).code === 'conflict' ? 'conflict' : 'error');
      },
    );
    await inFlight.current;
    inFlight.current = null;
    return ok;
  }, [slug]);

  useEffect(() => {
    saveRef.current = save;
    return () => clearTimeout(autosave.current);
  }, [save]);

  useEffect(() => {
    if (!focusAfter.current) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  const byId = useMemo(() => new Map((transcript ? candidates(transcript).flatMap((s) => s.messages) : []).map((m) => [m.id, m])), [transcript]);
  const picked = useMemo(() => new Set(blocks.flatMap((b) => (b.kind === 'quote' ? [b.messageId] : []))), [blocks]);

  const change = (next: { cover?: string; blocks?: EditorBlock[] }) => {
    latest.current = { cover: next.cover ?? latest.current.cover, blocks: next.blocks ?? latest.current.blocks };
    setCover(latest.current.cover);
    setBlocks(latest.current.blocks);
    setState((s) => (s === 'conflict' ? s : 'dirty'));
    setPublished(null);
    // Autosave: one save after a quiet moment, not one per keystroke.
    clearTimeout(autosave.current);
    autosave.current = setTimeout(() => void saveRef.current(), AUTOSAVE_MS);
  };

  if (error)
    return (
      <div className="page">
        <p role="alert" className="error">
          {error}
        </p>
        <Link href={`/jams/${slug}`}>Back to the jam</Link>
      </div>
    );
  if (!transcript || !draft) return <p className="page muted">Loading the recap editor…</p>;

  const toggle = (message: MessageView, heading: string) => {
    if (picked.has(message.id)) change({ blocks: blocks.filter((b) => !(b.kind === 'quote' && b.messageId === message.id)) });
    else change({ blocks: insertQuote(blocks, message, byId, heading) });
  };
  const reorder = (index: number, delta: number, button: string) => {
    const next = move(blocks, index, delta);
    if (next === blocks) return;
    change({ blocks: next });
    focusAfter.current = `${blocks[index]!.key}-${button}`;
  };
  const edit = (index: number, text: string) => change({ blocks: blocks.map((b, i) => (i === index && b.kind !== 'quote' ? { ...b, text } : b)) });
  const publish = async () => {
    if (!(await save())) return;
    try {
      const { recap } = await recapsApi.publish(slug, version.current);
      setPublished(`Published version ${recap.version}.`);
      setDraft((d) => d && { ...d, published: { version: recap.version, publishedAt: recap.publishedAt }, hiddenSincePublish: [] });
    } catch (e) {
      setPublished(describeError(toApiError(e)));
    }
  };

  return (
    <div className="page">
      <p className="small muted">
        <Link href={`/jams/${slug}`}>{transcript.jam.title}</Link> · {transcript.jam.series.hashtag}
      </p>
      <h1>Recap of “{transcript.jam.title}”</h1>
      {draft.hiddenSincePublish.length > 0 && (
        <div className="panel notice" role="alert">
          <p>
            Moderation hid {draft.hiddenSincePublish.length === 1 ? 'a quoted message' : `${draft.hiddenSincePublish.length} quoted messages`} after you published. {draft.hiddenSincePublish.length === 1 ? 'It no longer appears' : 'They no longer appear'} in the published recap:
          </p>
          <ul>
            {draft.hiddenSincePublish.map((h) => (
              <li key={h.id}>
                @{h.author}: {h.text}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void recapsApi.acknowledgeHidden(slug).then(({ draft: d }) => setDraft(d))}>
            Got it
          </button>
        </div>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => void publish()} disabled={state === 'conflict' || blocks.length === 0}>
          {draft.published ? 'Publish changes' : 'Publish'}
        </button>
        {draft.published && <Link href={recapPath(slug)}>View the published recap (version {draft.published.version})</Link>}
        {state === 'conflict' && (
          <button type="button" onClick={() => load()}>
            Reload
          </button>
        )}
      </div>
      <p className={`save-state small ${state === 'conflict' || state === 'invalid' || state === 'error' ? 'error' : 'muted'}`} role="status">
        {published ?? STATE_TEXT[state]}
      </p>

      <div className="recap-editor">
        <section aria-labelledby="pick-title" className="panel">
          <h2 id="pick-title">Messages</h2>
          <p className="small muted">Featured answers start picked. Tick a message to quote it in the recap.</p>
          {candidates(transcript).map((section) => (
            <fieldset key={section.n ?? 0} className="plain-fieldset">
              <legend>
                <strong>{section.title}</strong>
              </legend>
              {section.messages.length === 0 ? (
                <p className="muted small">No messages.</p>
              ) : (
                <ul className="pick-list">
                  {section.messages.map((m) => (
                    <li key={m.id}>
                      <label>
                        <input type="checkbox" checked={picked.has(m.id)} onChange={() => toggle(m, section.title)} />
                        <span>
                          <span className="author">@{m.author.handle}</span> <span className="small muted">{clockTime(m.createdAt)}</span> {m.featured && <span className="badge badge-featured">Featured</span>}
                          <br />
                          {m.text}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
          ))}
        </section>

        <section aria-labelledby="story-title" className="panel">
          <h2 id="story-title">The recap</h2>
          <label className="stack">
            <span>Cover line (shown under the title and in link previews)</span>
            <input value={cover} maxLength={200} onChange={(e) => change({ cover: e.target.value })} />
          </label>
          {blocks.length === 0 && <p className="muted">Nothing yet: tick messages, or add a heading or a note.</p>}
          <ol className="blocks" aria-label="Recap blocks in reading order">
            {blocks.map((block, i) => (
              <li key={block.key} className={`block block-${block.kind}`}>
                <div className="block-body">
                  {block.kind === 'quote' ? (
                    <QuotePreview message={byId.get(block.messageId)} />
                  ) : block.kind === 'heading' ? (
                    <input aria-label={`Heading ${i + 1}`} value={block.text} maxLength={120} onChange={(e) => edit(i, e.target.value)} />
                  ) : (
                    <textarea aria-label={`Note ${i + 1}`} value={block.text} maxLength={1000} rows={2} onChange={(e) => edit(i, e.target.value)} />
                  )}
                </div>
                <div className="block-tools">
                  <button type="button" id={`${block.key}-up`} aria-label={`Move block ${i + 1} up`} disabled={i === 0} onClick={() => reorder(i, -1, 'up')}>
                    ↑
                  </button>
                  <button type="button" id={`${block.key}-down`} aria-label={`Move block ${i + 1} down`} disabled={i === blocks.length - 1} onClick={() => reorder(i, 1, 'down')}>
                    ↓
                  </button>
                  <button type="button" aria-label={`Remove block ${i + 1}`} onClick={() => change({ blocks: blocks.filter((_, j) => j !== i) })}>
                    Remove
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <AddText label="Add a heading" max={120} onAdd={(text) => change({ blocks: [...blocks, withKey({ kind: 'heading', text })] })} />
          <AddText label="Add a note" max={1000} onAdd={(text) => change({ blocks: [...blocks, withKey({ kind: 'note', text })] })} />
        </section>
      </div>
    </div>
  );
}

function QuotePreview({ message }: { message: MessageView | undefined }) {
  if (!message) return <p className="muted small">A message no longer in the transcript (hidden); it will not be shown.</p>;
  return (
    <p>
      <span className="author">@{message.author.handle}</span> <span className="small muted">{clockTime(message.createdAt)}</span>
      <br />
      {message.text}
    </p>
  );
}

function AddText({ label, max, onAdd }: { label: string; max: number; onAdd: (text: string) => void }) {
  const [text, setText] = useState('');
  const id = `add-${label.replace(/\W+/g, '-').toLowerCase()}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    onAdd(text.trim());
    setText('');
  };
  return (
    <form className="row" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} className="grow" value={text} maxLength={max} placeholder={label} onChange={(e) => setText(e.target.value)} />
      <button type="submit">{label}</button>
    </form>
  );
}
