import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { hostApi } from '../api/console.ts';
import { describeError, toApiError } from '../api/http.ts';

/** `/invites/:token`: a panelist invite link. Signed in, it makes you a panelist and opens the jam. */
export default function AcceptInvite() {
  const { token } = useParams<{ token: string }>();
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Panelist invite · TweetJam';
    hostApi.acceptInvite(token).then(
      ({ jam }) => navigate(`/jams/${jam.slug}`, { replace: true }),
      (e: unknown) => setError(describeError(toApiError(e))),
    );
  }, [token, navigate]);
  return (
    <div className="page narrow">
      <h1>Panelist invite</h1>
      {error ? (
        <>
          <p role="alert" className="error">
            This invite cannot be used: {error}
          </p>
          <p>
            Ask the host for a new link, or <Link href="/">see the jams</Link>.
          </p>
        </>
      ) : (
        <p role="status">Joining as a panelist…</p>
      )}
    </div>
  );
}
