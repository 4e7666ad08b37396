import { useState } from 'react';
import { useSearch } from 'wouter';
import type { SeriesView } from '../../../../../shared/model.ts';
import { bridgesApi } from '../../../api/bridges.ts';
import { LinkedControls, LinkForm, NetworkPanel, useAction, useNetworkBridge } from './NetworkBridge.tsx';

/**
 * The series' Mastodon link: the owner names their instance and consents there; the instance
 * sends them back here with `?bridge=mastodon&outcome=linked` (or an error and its reason).
 */
export function MastodonLink({ series, isOwner }: { series: SeriesView; isOwner: boolean }) {
  const { bridge, setBridge } = useNetworkBridge(series.slug, 'mastodon');
  const params = new URLSearchParams(useSearch());
  const [instance, setInstance] = useState('');
  const { error, busy, run } = useAction();
  const outcome = params.get('bridge') === 'mastodon' ? params.get('outcome') : null;
  const link = () =>
    void run(async () => {
      const { authorizeUrl } = await bridgesApi.startMastodon(series.slug, instance);
      window.location.assign(authorizeUrl);
    });
  const intro = `Questions go out as a thread on your Mastodon account (within your instance's post length), and posts with ${series.hashtag} (and replies to the questions) come into the jam. You will confirm on your instance and come back here.`;
  return (
    <NetworkPanel bridge={bridge}>
      {(current) => (
        <>
          {outcome === 'linked' && current.linked && (
            <p role="status" className="small">
              Mastodon is linked as @{current.account?.username}.
            </p>
          )}
          {outcome === 'error' && (
            <p role="alert" className="error small">
              Mastodon was not linked: {params.get('reason') ?? 'the instance did not confirm'}.
            </p>
          )}
          {current.linked && <LinkedControls series={series} isOwner={isOwner} bridge={current} onChange={setBridge} />}
          <LinkForm bridge={current} isOwner={isOwner} intro={intro} submit="Continue to my instance" busy={busy} error={error} onSubmit={link}>
            <label htmlFor="mastodon-instance">Your Mastodon instance</label>
            <input id="mastodon-instance" required value={instance} onChange={(e) => setInstance(e.target.value)} placeholder="mastodon.social" autoComplete="url" />
          </LinkForm>
        </>
      )}
    </NetworkPanel>
  );
}
