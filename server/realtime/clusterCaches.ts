import type { Services } from '../services.ts';
import type { FanOut } from './redis.ts';
import type { JamServer } from './socket.ts';

const EVENT = 'tj:archive-stale';

type KeptChange = { sessionId: string } | { userId: string; seriesId?: string };

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

/**
 * Sessions, sanctions and rules acceptances are kept in memory by every node (KeptReads): a
 * sign-out or a ban through node A must stop the next post through node B, so each change is
 * published to the other nodes, which drop their copies, and the answer to the write that made
 * it waits until Redis has passed it on (KeptReads.relayed). While the link is down, or after it
 * was (a drop may have been lost), nodes keep nothing (the link's epoch). Returns the unsubscribe.
 */
export function relayKeptReads(services: Services, fanOut: Pick<FanOut, 'dropLink' | 'channel'>): () => void {
  const { kept, deps } = services;
  kept.linkTo(fanOut.dropLink);
  const channel = fanOut.channel('kept-stale');
  if (!channel) return () => {};
  channel.subscribe((message) => {
    const change = JSON.parse(message) as KeptChange;
    if ('sessionId' in change) kept.sessionClosed(change.sessionId);
    else if (change.seriesId) kept.standingChanged(change.userId, change.seriesId);
    else kept.userChanged(change.userId);
  });
  const tell = (change: KeptChange) => kept.relaying(channel.publish(JSON.stringify(change)));
  const off = [
    deps.events.on('session:closed', ({ sessionId }) => tell({ sessionId })),
    deps.events.on('user:updated', ({ userId }) => tell({ userId })),
    deps.events.on('standing:changed', ({ userId, seriesId }) => tell({ userId, seriesId })),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
