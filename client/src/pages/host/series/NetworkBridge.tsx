import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { BridgeNetwork, NetworkBridgeStatus } from '../../../../../shared/bridges.ts';
import type { SeriesView } from '../../../../../shared/model.ts';
import { bridgesApi } from '../../../api/bridges.ts';
import { describeError, toApiError } from '../../../api/http.ts';
import { localTime } from '../../../lib/time.ts';

/** What the Bluesky and Mastodon panels share: the network's state, unlinking, and the caller's mirror switch. */

const STATE_LABEL = { unlinked: 'Not linked', ok: 'Working', rate_limited: 'Paused: rate limited', broken: 'Broken: link again' } as const;

/** The series' link to one network, loaded once and replaced by what each action answers. */
export function useNetworkBridge(slug: string, network: BridgeNetwork) {
  const [bridge, setBridge] = useState<NetworkBridgeStatus | null | 'failed'>(null);
  const reload = useCallback(() => {
    bridgesApi.list(slug).then(
      (r) => setBridge(r.bridges.find((b) => b.network === network) ?? 'failed'),
      () => setBridge('failed'),
    );
  }, [slug, network]);
  useEffect(reload, [reload]);
  return { bridge, setBridge, reload };
}

/** Runs an action, keeping its error (in the server's words) for the panel to show. */
export function useAction() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(describeError(toApiError(e)));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

/** The panel around one network: loading, off on this server, or its state and the given controls. */
export function NetworkPanel({ bridge, children }: { bridge: NetworkBridgeStatus | null | 'failed'; children: (bridge: NetworkBridgeStatus) => ReactNode }) {
  if (bridge === null) return <p className="small muted">Loading…</p>;
  if (bridge === 'failed') return <p className="small">The bridges' state could not be loaded; reload the page to try again.</p>;
  if (!bridge.enabled) return <p className="small">{bridge.label} is not available on this server, so this series cannot be linked to it. The jam itself runs as usual.</p>;
  return (
    <div className={`network-bridge network-${bridge.network}`}>
      <p className="small">
        <strong className={`bridge-state state-${bridge.state}`}>{STATE_LABEL[bridge.state]}</strong>
        {bridge.account ? ` · @${bridge.account.username}` : ` · no ${bridge.label} account linked`}
        {` · ${bridge.inboundCount} posts in · ${bridge.outboundCount} out`}
        {bridge.lastSyncAt && ` · last read ${localTime(bridge.lastSyncAt)}`}
      </p>
      {bridge.lastError && <p className="small error">{bridge.lastError}</p>}
      {children(bridge)}
    </div>
  );
}

/** Unlink (owner) and the caller's own mirror switch, once linked. */
export function LinkedControls({ series, isOwner, bridge, onChange }: { series: SeriesView; isOwner: boolean; bridge: NetworkBridgeStatus; onChange: (bridge: NetworkBridgeStatus) => void }) {
  const { error, busy, run } = useAction();
  const id = `mirror-${bridge.network}`;
  return (
    <>
      <p className="small">
        <input id={id} type="checkbox" checked={bridge.mirror} disabled={busy} onChange={(e) => {
            const enabled = e.target.checked;
            // The box follows the click at once; the server's answer (or a failure) sets it right.
            onChange({ ...bridge, mirror: enabled });
            void run(async () => {
              try {
                const { mirrors } = await bridgesApi.mirror(series.slug, bridge.network, enabled);
                onChange({ ...bridge, mirror: mirrors.find((m) => m.network === bridge.network)?.enabled ?? enabled });
              } catch (failure) {
                onChange({ ...bridge, mirror: !enabled });
                throw failure;
              }
            });
          }}
        />{' '}
        <label htmlFor={id}>
          Also post my own messages to {bridge.label} (while I am a host or panelist of a jam)
        </label>
      </p>
      {isOwner && (
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void run(async () => onChange((await bridgesApi.unlink(series.slug, bridge.network)).bridge))}>
            Unlink {bridge.label}
          </button>
        </div>
      )}
      <ActionError error={error} />
    </>
  );
}

/** What went wrong with the last action, in the server's words. */
export function ActionError({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="error small">
      {error}
    </p>
  ) : null;
}

/**
 * The owner's form to link (or link again) a network, or, for co-hosts, who can; then the error
 * of the last attempt. `children` are the network's own fields.
 */
export function LinkForm({ bridge, isOwner, intro, submit, busy, error, onSubmit, children }: { bridge: NetworkBridgeStatus; isOwner: boolean; intro: ReactNode; submit: string; busy: boolean; error: string | null; onSubmit: () => void; children: ReactNode }) {
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <>
      {isOwner && (!bridge.linked || bridge.state === 'broken') && (
        <form className="stack" onSubmit={send} aria-label={`Link a ${bridge.label} account`}>
          <p className="small muted">{intro}</p>
          {children}
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              {bridge.linked ? `Link ${bridge.label} again` : submit}
            </button>
          </div>
        </form>
      )}
      {!isOwner && !bridge.linked && <p className="small muted">The series owner links or unlinks {bridge.label}.</p>}
      <ActionError error={error} />
    </>
  );
}
