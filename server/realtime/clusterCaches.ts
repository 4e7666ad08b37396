import type { Services } from '../services.ts';
import type { JamServer } from './socket.ts';

const EVENT = 'tj:archive-stale';

/**
 * Every node keeps ended jams' transcripts in memory (server/archive); a change made on one node
 * must drop them on all, or a message hidden through node A stays readable through node B. Local
 * changes reach the archive as domain events; this relays them to the other nodes over the
 * adapter's server-side events (Redis). Returns the unsubscribe.
 */
export function relayArchiveChanges(io: JamServer, services: Services, clustered: boolean): () => void {
  if (!clustered) return () => {};
  const { archive, deps } = services;
  (io.on as (event: string, listener: (change: { jamSlug?: string }) => void) => void)(EVENT, ({ jamSlug }) => (jamSlug ? archive.forget(jamSlug) : archive.forgetAll()));
  const tell = (change: { jamSlug?: string }) => io.serverSideEmit(EVENT, change);
  // Not message:created: only ended jams are kept, and they take no new messages.
  const off = [
    deps.events.on('message:hidden', ({ jamSlug }) => tell({ jamSlug })),
    deps.events.on('message:updated', ({ jamSlug }) => tell({ jamSlug })),
    deps.events.on('jam:updated', ({ jamSlug }) => tell({ jamSlug })),
    deps.events.on('series:updated', () => tell({})),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
