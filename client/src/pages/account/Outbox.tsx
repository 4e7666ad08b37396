import { useCallback, useEffect, useState } from 'react';
import type { OutboxMailView } from '../../../../shared/mail.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { mailApi } from '../../api/mail.ts';
import { localTime } from '../../lib/time.ts';
// oxlint-disable-next-line import/no-unassigned-import
import '../../components/mail/mail.css';

/** `/outbox`: the operator's view of mail when no SMTP server is configured (`--demo`). */
export default function Outbox() {
  const [data, setData] = useState<{ transport: string; mail: OutboxMailView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(
    () =>
      mailApi.outbox().then(
        (d) => setData(d),
        (e: unknown) => setError(describeError(toApiError(e))),
      ),
    [],
  );
  useEffect(() => {
    document.title = 'Mail outbox · TweetJam';
    void load();
  }, [load]);
  if (error) return <p role="alert" className="error page">{error}</p>;
  if (!data) return <p className="page muted">Loading…</p>;
  return (
    <div className="page">
      <h1>Mail outbox</h1>
      <p className="muted">
        {data.transport === 'outbox' ? 'No SMTP_URL is set, so mail stays here (and in the log) instead of being sent.' : 'Mail goes out over SMTP; this is the queue.'}{' '}
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </p>
      {data.mail.length === 0 ? (
        <p className="muted">No mail yet.</p>
      ) : (
        <ol className="plain stack">
          {data.mail.map((m) => (
            <li key={m.id} className="card">
              <p className="small muted">
                {localTime(m.createdAt)} · {m.kind} · {m.status}
                {m.attempts > 1 ? ` after ${m.attempts} attempts` : ''} · to {m.to}
              </p>
              <h2>{m.subject}</h2>
              <button type="button" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>
                {open === m.id ? 'Hide' : 'Show'} the mail
              </button>
              {open === m.id && (
                <div>
                  <pre className="mail-text">{m.text}</pre>
                  <p className="small">
                    <a href={`/api/mail/outbox/${m.id}.html`} target="_blank" rel="noopener">
                      Open the HTML version
                    </a>
                    {m.attachments.length > 0 && ` · attached: ${m.attachments.join(', ')}`}
                    {m.headers['List-Unsubscribe'] && ` · List-Unsubscribe: ${m.headers['List-Unsubscribe']}`} · Message-ID {m.messageId}
                  </p>
                </div>
              )}
              {m.lastError && <p className="small error">{m.lastError}</p>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
