import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { answerPrefix, parseAnswerNumber } from '../../../shared/answers.ts';
import { previewPost } from '../../../shared/hashtag.ts';
import { seriesApi } from '../api/endpoints.ts';
import { describeError, toApiError } from '../api/http.ts';
import { retryPost, sendPost } from '../api/realtime.ts';
import { indexOf } from '../store/derived.ts';
import { useStore } from '../store/index.ts';

/**
 * Writes a post and shows exactly what will go out: the hashtag appended, characters left as X
 * counts them, and a one-click "A3:" prefix. Sending is optimistic (see api/realtime.ts).
 */
export default function Composer() {
  const jam = useStore((s) => s.jam);
  const viewer = useStore((s) => s.viewer);
  const sheetOpen = useStore((s) => s.composerOpen);
  // Rules come before the first post: shown on first focus while not yet accepted.
  const [rulesShown, setRulesShown] = useState(false);
  const replyTo = useStore((s) => (s.replyTo ? indexOf(s.messages).byId.get(s.replyTo) ?? null : null));
  const outbox = useStore((s) => s.outbox);
  const [text, setText] = useState('');
  const [rulesError, setRulesError] = useState<string | null>(null);
  if (!jam) return null;
  const hashtag = jam.series.hashtag;
  const preview = previewPost(text, hashtag);
  const current = jam.show.currentQuestion;
  const answering = parseAnswerNumber(text);
  const blocked = outbox.find((p) => p.state === 'needs-rules');
  const failed = outbox.filter((p) => p.state === 'failed');
  const open = jam.status === 'live';

  const mustAccept = !!viewer && !viewer.acceptedRules;
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!preview.valid) return;
    sendPost(text.trim(), preview.text, replyTo?.id ?? null);
    setText('');
    useStore.getState().setReplyTo(null);
    useStore.getState().setComposerOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
    if (event.key === 'Escape') {
      if (replyTo) useStore.getState().setReplyTo(null);
      else useStore.getState().setComposerOpen(false);
    }
  };
  const prefixCurrent = () => {
    if (current === null) return;
    const stripped = text.replace(/^\s*[Aa]\s?\d{1,2}(?:\s*[:.)\-–—]\s*|\s+)/u, '');
    setText(answerPrefix(current) + stripped);
    document.getElementById('composer-text')?.focus();
  };
  const accept = async () => {
    try {
      await seriesApi.acceptRules(jam.series.slug);
      setRulesError(null);
      const standing = useStore.getState().viewer;
      if (standing) useStore.getState().setViewer({ ...standing, acceptedRules: true });
      if (blocked) retryPost(blocked.clientId);
      else document.getElementById('composer-text')?.focus();
    } catch (error) {
      setRulesError(describeError(toApiError(error)));
    }
  };
  const rules = (
    <>
      <blockquote className="rules-text">{jam.rules || 'Be kind and stay on topic.'}</blockquote>
      {rulesError && (
        <p role="alert" className="error">
          {rulesError}
        </p>
      )}
    </>
  );

  if (blocked) {
    return (
      <section className="composer rules" aria-labelledby="rules-title">
        <h2 id="rules-title">Before you post: the rules of {jam.series.name}</h2>
        {rules}
        <div className="row">
          <button type="button" className="primary" onClick={() => void accept()} autoFocus>
            Accept the rules and send
          </button>
          <button type="button" onClick={() => useStore.getState().dropPost(blocked.clientId)}>
            Discard my post
          </button>
        </div>
      </section>
    );
  }

  const band = counterBand(preview.remaining);
  return (
    <>
      {!sheetOpen && (
        <div className="composer-bar">
          <button type="button" className="primary" onClick={() => openSheet()} disabled={!open}>
            {open ? 'Write a post' : 'The jam is not live'}
          </button>
        </div>
      )}
      <form className={`composer sheet${sheetOpen ? ' open' : ''}`} onSubmit={submit} aria-label="Post to the jam">
        <button type="button" className="sheet-close link small" onClick={() => useStore.getState().setComposerOpen(false)}>
          Close
        </button>
        {mustAccept && rulesShown && (
          <section className="rules-first" aria-labelledby="rules-first-title">
            <h2 id="rules-first-title" className="small">
              Before your first post: the rules of {jam.series.name}
            </h2>
            {rules}
            <button type="button" onClick={() => void accept()}>
              I accept the rules
            </button>
          </section>
        )}
        {replyTo && (
          <p className="replying small" id="composer-replying">
            Replying to <strong>@{replyTo.author.handle}</strong>: {replyTo.text.slice(0, 60)}
            {replyTo.text.length > 60 ? '…' : ''} <span className="muted">(Escape cancels)</span>{' '}
            <button type="button" className="link" onClick={() => useStore.getState().setReplyTo(null)}>
              Cancel reply
            </button>
          </p>
        )}
        <div className="composer-row">
          <label htmlFor="composer-text" className="visually-hidden">
            Your post
          </label>
          <textarea
            id="composer-text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            onFocus={() => mustAccept && setRulesShown(true)}
            rows={2}
            placeholder={open ? (current ? `Answer Q${current}… (Enter to send, Shift+Enter for a new line)` : 'Say hello…') : 'The jam is not live'}
            disabled={!open}
            aria-describedby={replyTo ? 'composer-replying composer-preview composer-count' : 'composer-preview composer-count'}
          />
          <div className="composer-buttons">
            {current !== null && (
              <button type="button" onClick={prefixCurrent} disabled={!open} aria-label={`Prefix with A${current}: to answer question ${current}`}>
                A{current}:
              </button>
            )}
            <button type="submit" className="primary" disabled={!open || !preview.valid}>
              Post
            </button>
          </div>
        </div>
        <div className="composer-meta">
          <p id="composer-preview" className="preview small">
            <span className="muted">Will post: </span>
            <span className="preview-text">{preview.text}</span>
            {answering !== null && <span className="badge badge-q">answers Q{answering}</span>}
          </p>
          <p id="composer-count" className={`small count ${band === 'over' ? 'over' : band === 'ok' ? '' : 'near'}`}>
            {preview.remaining} characters left
          </p>
          {/* Announced only when a threshold is crossed (20 left, none left, over), never per keystroke. */}
          <p className="visually-hidden" aria-live="polite" data-testid="count-announcer">
            {BAND_TEXT[band]}
          </p>
        </div>
        {failed.map((p) => (
          <p key={p.clientId} role="alert" className="error small">
            Not sent: “{p.text.slice(0, 40)}” — {p.error ? describeError(p.error) : 'unknown error'}{' '}
            <button type="button" className="link" onClick={() => retryPost(p.clientId)}>
              Retry
            </button>{' '}
            <button type="button" className="link" onClick={() => useStore.getState().dropPost(p.clientId)}>
              Discard
            </button>
          </p>
        ))}
      </form>
    </>
  );
}

type Band = 'ok' | 'near' | 'none' | 'over';
const BAND_TEXT: Record<Band, string> = { ok: '', near: '20 characters or fewer left', none: 'No characters left', over: 'Too long: over the limit' };

/** Where the character count stands: the live region changes only when this does. */
export function counterBand(remaining: number): Band {
  if (remaining < 0) return 'over';
  if (remaining === 0) return 'none';
  return remaining <= 20 ? 'near' : 'ok';
}

function openSheet() {
  useStore.getState().setComposerOpen(true);
  requestAnimationFrame(() => document.getElementById('composer-text')?.focus());
}
