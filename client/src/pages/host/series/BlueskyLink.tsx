import { useState } from 'react';
import type { SeriesView } from '../../../../../shared/model.ts';
import { bridgesApi } from '../../../api/bridges.ts';
import { LinkedControls, LinkForm, NetworkPanel, useAction, useNetworkBridge } from './NetworkBridge.tsx';

/** The series' Bluesky link: linked with an app password typed here (owner only), its state, unlinking and mirroring. */
export function BlueskyLink({ series, isOwner }: { series: SeriesView; isOwner: boolean }) {
  const { bridge, setBridge } = useNetworkBridge(series.slug, 'bluesky');
  const [identifier, setIdentifier] = useState('');
  const [appPassword, setAppPassword] = useState('');
  const { error, busy, run } = useAction();
  const link = () =>
    void run(async () => {
      setBridge((await bridgesApi.linkBluesky(series.slug, { identifier, appPassword })).bridge);
      setAppPassword('');
    });
  const intro = (
    <>
      Questions go out as a thread on Bluesky, and posts with {series.hashtag} (and replies to the questions) come into the jam. Use an <strong>app password</strong>, not your account password: in Bluesky, Settings → Privacy and security → App passwords.
    </>
  );
  return (
    <NetworkPanel bridge={bridge}>
      {(current) => (
        <>
          {current.linked && <LinkedControls series={series} isOwner={isOwner} bridge={current} onChange={setBridge} />}
          <LinkForm bridge={current} isOwner={isOwner} intro={intro} submit="Link Bluesky" busy={busy} error={error} onSubmit={link}>
            <label htmlFor="bsky-handle">Bluesky handle</label>
            <input id="bsky-handle" required autoComplete="username" value={identifier} onChange={(e) => setIdentifier(e.target.value)} placeholder="yourname.bsky.social" />
            <label htmlFor="bsky-app-password">App password</label>
            <input id="bsky-app-password" required type="password" autoComplete="off" value={appPassword} onChange={(e) => setAppPassword(e.target.value)} placeholder="xxxx-xxxx-xxxx-xxxx" aria-describedby="bsky-app-password-hint" />
            <span id="bsky-app-password-hint" className="small muted">
              Four groups of four letters or digits. Deleting it in Bluesky cuts the bridge off at once.
            </span>
          </LinkForm>
        </>
      )}
    </NetworkPanel>
  );
}
