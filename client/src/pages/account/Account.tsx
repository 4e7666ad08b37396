import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { AccountEmailView } from '../../../../shared/mail.ts';
import { describeError, toApiError } from '../../api/http.ts';
import { mailApi, readerZone } from '../../api/mail.ts';
import { useStore } from '../../store/index.ts';

/** `/account`: the email address (verified by link), and which series may send mail. */
export default function Account() {
  const me = useStore((s) => s.me)!;
  const [account, setAccount] = useState<AccountEmailView | null>(null);
  const [email, setEmail] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Your account · TweetJam';
    mailApi.account().then(
      ({ account: a }) => {
        setAccount(a);
        setEmail(a.email ?? '');
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, []);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    mailApi.setEmail(email, readerZone()).then(
      ({ account: a }) => {
        setAccount(a);
        setNote(a.verified ? 'Saved.' : `We sent a confirmation link to ${a.email}. Open it to start getting mail.`);
      },
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  };
  const remove = () =>
    mailApi.removeEmail().then(({ account: a }) => {
      setAccount(a);
      setEmail('');
      setNote('Your address is removed; TweetJam sends you no mail.');
    });
  const toggle = (slug: string, muted: boolean) => mailApi.setSeriesMuted(slug, muted).then(({ account: a }) => setAccount(a));

  return (
    <div className="page narrow">
      <h1>Your account</h1>
      <p className="muted">
        Signed in as @{me.handle}. Your time zone: {readerZone()}.
      </p>
      <section aria-labelledby="email-title" className="panel">
        <h2 id="email-title">Email</h2>
        <p className="small">For reminders before jams, recaps after them, and a link if you forget your password. We send nothing else.</p>
        {account && (
          <p role="status">
            {account.email ? (account.verified ? `${account.email} is confirmed.` : `${account.email} is not confirmed yet: open the link we mailed you.`) : 'No address yet.'}
          </p>
        )}
        <form className="stack" onSubmit={save}>
          <label htmlFor="account-email">Email address</label>
          <input id="account-email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <div className="row">
            <button type="submit" className="primary">
              {account?.email && account.email === email.trim().toLowerCase() && !account.verified ? 'Send the link again' : 'Save and send a confirmation link'}
            </button>
            {account?.email && (
              <button type="button" onClick={() => void remove()}>
                Remove my address
              </button>
            )}
          </div>
        </form>
        {note && <p role="status">{note}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </section>
      <section aria-labelledby="prefs-title" className="panel">
        <h2 id="prefs-title">Mail by series</h2>
        {!account || account.series.length === 0 ? (
          <p className="muted">You have not asked for reminders or recaps yet. Use “Email me” on an upcoming jam.</p>
        ) : (
          <ul className="plain stack">
            {account.series.map((s) => (
              <li key={s.slug}>
                <label>
                  <input type="checkbox" checked={!s.muted} onChange={(e) => void toggle(s.slug, !e.target.checked)} /> Mail about <span className="hashtag">{s.hashtag}</span> ({s.name})
                </label>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="small">
        Forgot a password some day? <Link href="/reset-password">Reset it by email</Link> (needs a confirmed address).
      </p>
    </div>
  );
}
