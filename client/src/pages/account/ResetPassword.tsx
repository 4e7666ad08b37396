import { useState, type FormEvent } from 'react';
import { Link, useSearch } from 'wouter';
import { describeError, toApiError } from '../../api/http.ts';
import { mailApi } from '../../api/mail.ts';

/** `/reset-password`: ask for a link by handle or email; `?token=…` (from the mail): choose a new password. */
export default function ResetPassword() {
  const token = new URLSearchParams(useSearch()).get('token');
  const [who, setWho] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = (work: Promise<unknown>, success: string) => {
    setBusy(true);
    setError(null);
    work.then(
      () => setDone(success),
      (e: unknown) => setError(describeError(toApiError(e))),
    ).finally(() => setBusy(false));
  };
  const ask = (event: FormEvent) => {
    event.preventDefault();
    run(mailApi.requestReset(who.trim()), 'If that account has a confirmed email address, a reset link is on its way. It works once, for an hour.');
  };
  const choose = (event: FormEvent) => {
    event.preventDefault();
    run(mailApi.resetPassword(token!, password), 'Your password is changed and you are signed out everywhere. Sign in with the new one.');
  };

  return (
    <div className="page narrow">
      <h1>{token ? 'Choose a new password' : 'Reset your password'}</h1>
      {done ? (
        <>
          <p role="status">{done}</p>
          <p>
            <Link href="/signin">Sign in</Link>
          </p>
        </>
      ) : token ? (
        <form className="stack" onSubmit={choose}>
          <label htmlFor="new-password">New password (at least 8 characters)</label>
          <input id="new-password" type="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} required />
          <button type="submit" className="primary" disabled={busy}>
            Set the new password
          </button>
        </form>
      ) : (
        <form className="stack" onSubmit={ask}>
          <label htmlFor="reset-who">Your handle or email address</label>
          <input id="reset-who" autoComplete="username" value={who} onChange={(e) => setWho(e.target.value)} required />
          <button type="submit" className="primary" disabled={busy}>
            Mail me a reset link
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
