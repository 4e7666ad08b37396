import { useRef, useState, type FormEvent } from 'react';
import type { MessageView } from '../../../shared/model.ts';
import { describeError, toApiError } from '../api/http.ts';
import { deletePost, reportMessage } from '../api/realtime.ts';
import { useStore } from '../store/index.ts';
import { addColumn } from './ColumnBoard.tsx';

/** Reply moves focus to the composer (opening it as a sheet on a phone), which then says whom you answer. */
export function replyTo(message: MessageView) {
  useStore.getState().setReplyTo(message.id);
  useStore.getState().setComposerOpen(true);
  requestAnimationFrame(() => document.getElementById('composer-text')?.focus());
}

/** The author's name as a menu: follow (highlight on this device) or a column of only their posts. */
export function AuthorMenu({ message, mine }: { message: MessageView; mine: boolean }) {
  const [open, setOpen] = useState(false);
  const followed = useStore((s) => s.follows.includes(message.author.handle.toLowerCase()));
  const button = useRef<HTMLButtonElement>(null);
  const { handle, displayName } = message.author;
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <span className="author-menu" onKeyDown={(e) => e.key === 'Escape' && open && close()}>
      <button type="button" ref={button} className="author link" aria-expanded={open} aria-label={`${displayName}: options`} onClick={() => setOpen(!open)}>
        {displayName}
      </button>
      {open && (
        <span className="menu" role="group" aria-label={`Options for @${handle}`}>
          <button
            type="button"
            onClick={() => {
              addColumn({ kind: 'author', value: handle });
              close();
            }}
          >
            Show only @{handle} (new column)
          </button>
          {!mine && (
            <button
              type="button"
              aria-pressed={followed}
              onClick={() => {
                useStore.getState().toggleFollow(handle);
                close();
              }}
            >
              {followed ? `Stop highlighting @${handle}` : `Highlight @${handle}`}
            </button>
          )}
          {!mine && <span className="small muted">Highlighting is on this device only; nobody is notified.</span>}
        </span>
      )}
    </span>
  );
}

/** Delete (own posts) with a confirmation step in place; the post vanishes for everyone. */
export function DeleteOwn({ message, onError }: { message: MessageView; onError: (text: string) => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} aria-label="Delete my post">
        Delete
      </button>
    );
  }
  return (
    <span className="confirm small" role="group" aria-label="Delete this post?">
      Delete this post for everyone?{' '}
      <button type="button" className="danger" autoFocus onClick={() => deletePost(message.id).catch((e: unknown) => onError(describeError(toApiError(e))))}>
        Delete
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}

const REASONS = ['Spam or advertising', 'Abuse or harassment', 'Off topic', 'Misinformation'];

/** Report a message to the hosts, with a reason (one of the usual ones, or the reader's words). */
export function ReportMessage({ message }: { message: MessageView }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState(REASONS[0]!);
  const [details, setDetails] = useState('');
  const [state, setState] = useState<{ done: boolean; error: string | null }>({ done: false, error: null });
  const formId = `report-${message.id}`;
  if (state.done) {
    return (
      <span className="small muted" role="status">
        Reported to the hosts. Thank you.
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={`Report this post by @${message.author.handle}`}>
        Report
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = details.trim() ? `${reason}: ${details.trim()}` : reason;
    reportMessage(message.id, text).then(
      () => setState({ done: true, error: null }),
      (e: unknown) => setState({ done: false, error: describeError(toApiError(e)) }),
    );
  };
  return (
    <form className="report-form small" aria-label={`Report this post by @${message.author.handle}`} onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <label htmlFor={`${formId}-reason`}>Why?</label>
      <select id={`${formId}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus>
        {REASONS.map((r) => (
          <option key={r}>{r}</option>
        ))}
        <option value="Something else">Something else</option>
      </select>
      <label htmlFor={`${formId}-details`} className="visually-hidden">
        Details for the hosts
      </label>
      <input id={`${formId}-details`} value={details} onChange={(e) => setDetails(e.target.value)} placeholder="Details (optional)" maxLength={400} required={reason === 'Something else'} />
      <button type="submit" className="danger">
        Send report
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {state.error && (
        <span role="alert" className="error">
          {state.error}
        </span>
      )}
    </form>
  );
}
