import type { Deps } from '../core/deps.ts';
import { newestTweet } from './networks/x.ts';
import type { InboundPost } from './shape/adapter.ts';
import type { BridgedIngest } from './shape/ingest.ts';
import type { BridgeStore } from './shape/store.ts';
import type { BridgeRepo, LinkRow } from './repo.ts';

/**
 * Tweets carrying the hashtag (as posts, networks/x.ts) into the shared ingest (shape/ingest.ts:
 * stored once per tweet as `x:<tweet id>`, never our own, attached and threaded like every
 * network's posts, banned authors dropped), and the since_id the next recent search starts from.
 */
export class TweetIngest {
  constructor(
    private readonly deps: Deps,
    private readonly repo: BridgeRepo,
    private readonly store: BridgeStore,
    private readonly ingestion: BridgedIngest,
  ) {}

  /**
   * Ingests tweets (oldest first) into one jam; returns how many were new, and records the sync.
   * `advanceSince` false: these tweets may have skipped a gap (a stream after a reconnect), so the
   * since_id the next search starts from stays where it was.
   */
  async ingest(jamId: string, link: LinkRow, posts: InboundPost[], advanceSince = true): Promise<number> {
    const added = await this.ingestion.ingest(jamId, 'x', posts, this.store.ownPosts('x', jamId, link.x_user_id));
    const at = this.deps.clock.now().toISOString();
    const since = newestTweet(link.since_jam_id === jamId ? link.since_id : null, posts);
    await this.repo.updateLink(link.series_id, advanceSince ? { since_id: since, since_jam_id: jamId, last_sync_at: at, updated_at: at } : { last_sync_at: at, updated_at: at });
    return added;
  }
}
