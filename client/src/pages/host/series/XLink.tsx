import { useEffect, useState } from 'react';
import type { SeriesView } from '../../../../../shared/model.ts';
import { integrationsApi } from '../../../api/console.ts';
import { seriesApi, type BridgeState } from '../../../api/endpoints.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { localTime } from '../../../lib/time.ts';

const STATE_LABEL = { unlinked: 'Not linked', ok: 'Working', rate_limited: 'Paused: X is rate limiting us', broken: 'Broken: link again' } as const;

/** The series' X link: its state and counts, and linking or unlinking (owner only). */
export function XLink({ series, isOwner }: { series: SeriesView; isOwner: boolean }) {
  const [bridge, setBridge] = useState<BridgeState | null | 'off'>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    seriesApi.bridge(series.slug).then(
      (r) => setBridge(r.bridge),
      () => setBridge('off'),
    );
  }, [series.slug]);
  if (bridge === null) return <p className="small muted">Loading…</p>;
  if (bridge === 'off' || !bridge.enabled) {
    return <p className="small">{bridge !== 'off' && bridge.lastError ? bridge.lastError : 'X is not available on this server, so this series cannot be linked to X. The jam itself runs as usual.'}</p>;
  }
  const link = async () => {
    setError(null);
    try {
      const { authorizeUrl } = await integrationsApi.linkX(series.slug);
      window.location.assign(authorizeUrl);
    } catch (e) {
      setError(describeError(toApiError(e)));
    }
  };
  const unlink = async () => {
    setError(null);
    try {
      await integrationsApi.unlinkX(series.slug);
      setBridge((await seriesApi.bridge(series.slug)).bridge);
    } catch (e) {
      setError(describeError(toApiError(e)));
    }
  };
  return (
    <>
      <p className="small">
        <strong>{STATE_LABEL[bridge.state]}</strong> · {bridge.account ? `@${bridge.account.username}` : 'no X account linked'} · {bridge.inboundCount} posts in · {bridge.outboundCount} out
        {bridge.inbound && ` · inbound by ${bridge.inbound === 'stream' ? 'filtered stream' : 'search'}`}
        {bridge.lastSyncAt && ` · last sync ${localTime(bridge.lastSyncAt)}`}
      </p>
      {bridge.lastError && <p className="small error">{bridge.lastError}</p>}
      {isOwner ? (
        <div className="row">
          {bridge.linked ? (
            <button type="button" onClick={() => void unlink()}>
              Unlink X
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void link()}>
              Link an X account
            </button>
          )}
        </div>
      ) : (
        <p className="small muted">The series owner links or unlinks X.</p>
      )}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </>
  );
}
