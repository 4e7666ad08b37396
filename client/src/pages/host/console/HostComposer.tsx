import { nanoid } from 'nanoid';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { CannedPost } from '../../../../../shared/console.ts';
import { previewPost } from '../../../../../shared/hashtag.ts';
import type { JamView } from '../../../../../shared/model.ts';
import type { PostMode } from '../../../../../shared/model.ts';
import { hostApi } from '../../../api/console.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { indexOf } from '../../../store/derived.ts';
import { useStore } from '../../../store/index.ts';

const MODES: { mode: PostMode; label: string; hint: string }[] = [
  { mode: 'announcement', label: 'Announcement', hint: 'Not an answer to any question (welcome, rules, breaks).' },
  { mode: 'answer', label: 'Answer-style', hint: 'Files under the question it names (A3: …) or the current one.' },
  { mode: 'question', label: 'Question tag', hint: 'Posts the question with its tag, e.g. “Q3: …”.' },
];

/** Post as host: a mode, an optional reply, and the series' canned posts one click away. */
export function HostComposer({ jam, seriesSlug }: { jam: JamView; seriesSlug: string }) {
  const [text, setText] = useState('');
  const [mode, setMode] = useState<PostMode>('announcement');
  const [question, setQuestion] = useState(() => jam.show.nextQuestion ?? jam.show.currentQuestion ?? 1);
  const [canned, setCanned] = useState<CannedPost[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One client id per draft: a retry after a lost answer is stored once.
  const clientId = useRef(nanoid());
  const area = useRef<HTMLTextAreaElement>(null);
  const replyTo = useStore((s) => s.replyTo);
  const parent = useStore((s) => (s.replyTo ? indexOf(s.messages).byId.get(s.replyTo) : undefined));

  useEffect(() => {
    hostApi.cannedPosts(seriesSlug).then(
      (r) => setCanned(r.posts),
      () => setCanned([]),
    );
  }, [seriesSlug]);
  useEffect(() => {
    if (replyTo) area.current?.focus();
  }, [replyTo]);

  const preview = previewPost(mode === 'question' && !/^\s*[Qq]\s?\d/.test(text) ? `Q${question}: ${text}` : text, jam.series.hashtag);
  const valid = preview.valid && text.trim().length > 0;
  const closed = jam.status === 'ended';

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      await hostApi.post(jam.slug, { clientId: clientId.current, text, replyTo, mode, question: mode === 'question' ? question : undefined });
      clientId.current = nanoid();
      setText('');
      setSent(mode === 'announcement' ? 'Announcement posted.' : 'Posted.');
      useStore.getState().setReplyTo(null);
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };

  if (closed) return <p className="small muted">The jam has ended; posting is closed.</p>;
  return (
    <form className="host-composer" onSubmit={(e) => void send(e)} aria-labelledby="composer-title">
      <h3 id="composer-title" className="visually-hidden">
        Post as host
      </h3>
      <fieldset>
        <legend>Post as</legend>
        {MODES.map((m) => (
          <label key={m.mode} title={m.hint}>
            <input type="radio" name="post-mode" value={m.mode} checked={mode === m.mode} onChange={() => setMode(m.mode)} /> {m.label}
          </label>
        ))}
        {mode === 'question' && (
          <>
            <label htmlFor="tag-question" className="visually-hidden">
              Question to tag
            </label>
            <select id="tag-question" value={question} onChange={(e) => setQuestion(Number(e.target.value))}>
              {jam.questions.map((q) => (
                <option key={q.n} value={q.n}>
                  Q{q.n}
                </option>
              ))}
            </select>
          </>
        )}
      </fieldset>
      <p className="small muted" id="mode-hint">
        {MODES.find((m) => m.mode === mode)!.hint}
      </p>
      {replyTo && (
        <p className="replying small">
          <span>
            Replying to {parent ? `@${parent.author.handle}: “${parent.text.slice(0, 60)}${parent.text.length > 60 ? '…' : ''}”` : 'a message'}
          </span>
          <button type="button" className="link" onClick={() => useStore.getState().setReplyTo(null)}>
            Cancel reply
          </button>
        </p>
      )}
      <label htmlFor="host-text" className="visually-hidden">
        Message
      </label>
      <textarea
        id="host-text"
        ref={area}
        value={text}
        aria-describedby="mode-hint host-count"
        placeholder={mode === 'announcement' ? 'Welcome everyone…' : mode === 'question' ? 'The question text' : 'A2: …'}
        onChange={(e) => {
          setText(e.target.value);
          setSent(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
        }}
      />
      <div className="row between">
        <span id="host-count" className={`small ${preview.remaining < 0 ? 'error' : 'muted'}`}>
          {preview.remaining} characters left (with {jam.series.hashtag}) · Ctrl+Enter sends
        </span>
        <button type="submit" className="primary" disabled={busy || !valid}>
          {replyTo ? 'Reply' : 'Post'}
        </button>
      </div>
      {canned.length > 0 && (
        <div className="canned" role="group" aria-label="Canned posts">
          {canned.map((c) => (
            <button
              key={c.label}
              type="button"
              onClick={() => {
                setText(c.text);
                setMode('announcement');
                area.current?.focus();
              }}
            >
              {c.label}
            </button>
          ))}
          <Link href={`/host/series/${seriesSlug}#canned-title`} className="small">
            Edit canned posts
          </Link>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {sent && <p role="status" className="small">{sent}</p>}
    </form>
  );
}
