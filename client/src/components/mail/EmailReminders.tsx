import { useEffect, useId, useState } from 'react';
import { Link } from 'wouter';
import type { MailKind, MailSubscriptionView } from '../../../../shared/mail.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { mailApi, readerZone } from '../../api/mail.ts';
import { useStore } from '../../store/index.ts';
// oxlint-disable-next-line import/no-unassigned-import
import './mail.css';

const CHOICES: { kind: MailKind; label: string }[] = [
  { kind: 'day', label: '1 day before' },
  { kind: 'soon', label: '15 minutes before' },
  { kind: 'recap', label: 'The recap afterwards' },
];

/** "Email me": per-person choices for one jam (reminders with a calendar file, the recap after). */
export function EmailReminders({ slug, status }: { slug: string; status: 'scheduled' | 'live' | 'ended' }) {
  const id = useId();
  const me = useStore((s) => s.me);
  const [open, setOpen] = useState(false);
  const [view, setView] = useState<MailSubscriptionView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (!open || !me) return;
    mailApi.subscription(slug).then(
      ({ subscription }) => setView(subscription),
      (e: unknown) => setNote(describeError(toApiError(e))),
    );
  }, [open, me, slug]);
  if (status === 'ended') return null;
  const choices = CHOICES.filter((c) => status === 'scheduled' || c.kind === 'recap');
  const toggle = (kind: MailKind, on: boolean) => {
    if (!view) return;
    const kinds = on ? [...view.kinds, kind] : view.kinds.filter((k) => k !== kind);
    mailApi.subscribe(slug, kinds, readerZone()).then(
      ({ subscription }) => {
        setView(subscription);
        setNote(subscription.kinds.length ? 'Saved. Times in the mail are in the series’ zone and yours.' : 'No mail for this jam.');
      },
      (e: unknown) => setNote(describeError(toApiError(e))),
    );
  };
  return (
    <span className="email-reminders">
      <button type="button" className="link" aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen(!open)}>
        Email me
      </button>
      {open && (
        <span id={`${id}-panel`} className="panel stack">
          {!me ? (
            <span>
              <Link href={`/signin?next=/jams/${slug}`}>Sign in</Link> to get reminders by email.
            </span>
          ) : view && !view.email?.verified ? (
            <span>
              First <Link href="/account">add and confirm your email address</Link>.
            </span>
          ) : (
            view && (
              <fieldset className="plain-fieldset">
                <legend className="small">Email me…</legend>
                {choices.map((c) => (
                  <label key={c.kind} className="small">
                    <input type="checkbox" checked={view.kinds.includes(c.kind)} onChange={(e) => toggle(c.kind, e.target.checked)} /> {c.label}
                  </label>
                ))}
                {view.muted && <span className="small muted">Mail about this series is turned off; choosing something here turns it back on.</span>}
              </fieldset>
            )
          )}
          <span role="status" className="small muted">
            {note}
          </span>
        </span>
      )}
    </span>
  );
}
