import { useEffect, useRef, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { describeError, toApiError } from '../../api/http.ts';
import { mailApi } from '../../api/mail.ts';

/** `/account/verify?token=…`: the link in the confirmation mail. */
export default function VerifyEmail() {
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const sent = useRef<string | null>(null);
  useEffect(() => {
    document.title = 'Confirm your email · TweetJam';
    // A link is used once: a re-run of this effect must not spend it again.
    if (sent.current === token) return;
    sent.current = token;
    mailApi.verify(token).then(
      () => setResult({ ok: true, text: 'Your email address is confirmed. Reminders and recaps you ask for will reach you.' }),
      (e: unknown) => setResult({ ok: false, text: describeError(toApiError(e)) }),
    );
  }, [token]);
  return (
    <div className="page narrow">
      <h1>Confirm your email</h1>
      {!result ? (
        <p className="muted">Confirming…</p>
      ) : (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? '' : 'error'}>
          {result.text}
        </p>
      )}
      <p>
        <Link href="/account">Your account</Link>
      </p>
    </div>
  );
}
