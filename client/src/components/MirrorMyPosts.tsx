import { useEffect, useState } from 'react';
import type { MirrorChoice } from '../../../shared/bridges.ts';
import { bridgesApi } from '../api/bridges.ts';
import { describeError, toApiError } from '../api/http.ts';
import { useStore } from '../store/index.ts';

/**
 * For the jam's hosts and panelists: whether their own posts also go out to the series' linked
 * Bluesky and Mastodon accounts. Nothing shows for others, or when no network is linked.
 */
export function MirrorMyPosts() {
  const seriesSlug = useStore((s) => s.jam?.series.slug);
  const role = useStore((s) => s.viewer?.role);
  const [mirrors, setMirrors] = useState<MirrorChoice[]>([]);
  const [error, setError] = useState<string | null>(null);
  const speaks = role === 'host' || role === 'panelist';
  useEffect(() => {
    if (!seriesSlug || !speaks) return;
    bridgesApi.mirrors(seriesSlug).then(
      (r) => setMirrors(r.mirrors),
      () => setMirrors([]),
    );
  }, [seriesSlug, speaks]);
  const linked = mirrors.filter((m) => m.linked);
  if (!seriesSlug || !speaks || linked.length === 0) return null;
  // The box follows the click at once; the server's answer (or a failure) sets it right.
  const toggle = (choice: MirrorChoice, enabled: boolean) => {
    setError(null);
    setMirrors((all) => all.map((m) => (m.network === choice.network ? { ...m, enabled } : m)));
    bridgesApi.mirror(seriesSlug, choice.network, enabled).then(
      (r) => setMirrors(r.mirrors),
      (e: unknown) => {
        setMirrors((all) => all.map((m) => (m.network === choice.network ? { ...m, enabled: !enabled } : m)));
        setError(describeError(toApiError(e)));
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="mirror-title">
      <h2 id="mirror-title">Your posts elsewhere</h2>
      {linked.map((choice) => (
        <p key={choice.network} className="small">
          <input id={`mirror-my-${choice.network}`} type="checkbox" checked={choice.enabled} onChange={(e) => toggle(choice, e.target.checked)} />{' '}
          <label htmlFor={`mirror-my-${choice.network}`}>
            Also post my messages on {choice.label} as @{choice.account}
          </label>
        </p>
      ))}
      {error && (
        <p role="alert" className="error small">
          {error}
        </p>
      )}
    </section>
  );
}
