import { useState } from 'react';
import { Link, useSearch } from 'wouter';
import { describeError, toApiError } from '../../api/http.ts';
import { mailApi } from '../../api/mail.ts';

/** `/unsubscribe?token=…&series=…`: the footer link of every reminder and recap mail. */
export default function Unsubscribe() {
  const params = new URLSearchParams(useSearch());
  const token = params.get('token') ?? '';
  const series = params.get('series');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const stop = () =>
    mailApi.unsubscribe(token, series).then(
      (r) => setResult({ ok: true, text: r.series ? `Done: no more mail about ${r.series}.` : 'Done: no more mail about any series.' }),
      (e: unknown) => setResult({ ok: false, text: describeError(toApiError(e)) }),
    );
  return (
    <div className="page narrow">
      <h1>Stop mail</h1>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? '' : 'error'}>
          {result.text}
        </p>
      ) : (
        <>
          <p>{series ? 'Stop reminders and recaps about this series?' : 'Stop all reminders and recaps?'}</p>
          <button type="button" className="primary" onClick={() => void stop()}>
            Stop the mail
          </button>
        </>
      )}
      <p className="small">
        You can turn it back on from <Link href="/account">your account</Link>.
      </p>
    </div>
  );
}
