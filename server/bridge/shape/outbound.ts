import { nanoid } from 'nanoid';
import type { Deps } from '../../core/deps.ts';
import type { Timers } from '../timers.ts';
import type { NetworkAdapter, PostRef } from './adapter.ts';
import { ClaimedQueue } from './queue.ts';
import type { BridgeStore, NetworkOutboundRow } from './store.ts';

export interface NetworkOutboundItem {
  /** 'x' or an open network (bluesky, mastodon): the outbound row's network. */
  network: string;
  seriesId: string;
  jamId: string;
  kind: 'question' | 'message';
  /** Question number or message id. */
  ref: string;
  text: string;
  /** For questions: thread under the previous question's post. */
  question?: number;
}

/**
 * Who posts for the queue: the network's adapter, and a call as the series' linked account
 * (NetworkAccounts for the open networks; X's links, which refresh X's tokens first).
 */
export interface Poster {
  adapter(network: string): Pick<NetworkAdapter, 'post'>;
  call<T>(network: string, seriesId: string, endpoint: string, fn: (client: never) => Promise<T>): Promise<T>;
}

/** Posts to every network (X included) through the shared claimed queue (shape/queue.ts), one lane per network and series, claimed in bridge_outbound. */
export class NetworkOutbound {
  readonly #queue: ClaimedQueue<NetworkOutboundItem>;

  constructor(deps: Deps, store: BridgeStore, accounts: Poster, config: { backoffMinMs: number; backoffMaxMs: number }, timers: Timers, onError: (error: unknown) => void) {
    const now = () => deps.clock.now().toISOString();
    this.#queue = new ClaimedQueue(deps, config, timers, onError, {
      laneOf: (item) => `${item.network}:${item.seriesId}`,
      claim: async (item) => {
        const row: NetworkOutboundRow = { id: nanoid(), network: item.network, series_id: item.seriesId, jam_id: item.jamId, kind: item.kind, ref: item.ref, text: item.text, status: 'pending', post_id: null, post_key: null, post_url: null, post_meta: null, attempts: 0, last_error: null, created_at: now(), posted_at: null };
        return (await store.claimOutbound(row)) ? row.id : null;
      },
      send: async (item, id, attempt) => {
        const adapter = accounts.adapter(item.network);
        const thread = item.kind === 'question' && item.question ? await threadOf(store, item.network, item.jamId, item.question) : { parent: null, root: null };
        const post = await accounts.call(item.network, item.seriesId, 'post', (client) => adapter.post(client, item.text, thread));
        await store.updateOutbound(id, { status: 'posted', post_id: post.id, post_key: post.key, post_url: post.url, post_meta: post.meta ? JSON.stringify(post.meta) : null, attempts: attempt, last_error: null, posted_at: now() });
      },
      failed: (id, attempt, message, final) => store.updateOutbound(id, { attempts: attempt, last_error: message, ...(final ? { status: 'failed' as const } : {}) }),
    });
  }

  enqueue(item: NetworkOutboundItem): void {
    this.#queue.enqueue(item);
  }

  settle(): Promise<void> {
    return this.#queue.settle();
  }
}

/** The previous question's post (the parent) and the first one's (the thread's root). */
async function threadOf(store: BridgeStore, network: string, jamId: string, question: number): Promise<{ parent: PostRef | null; root: PostRef | null }> {
  const { parent, root } = questionThread(await store.postedQuestions(network, jamId), question);
  return { parent: refOf(parent), root: refOf(root) };
}

/** Among a jam's questions already posted on a network, the one a new question replies to (the latest earlier one) and the thread's first. */
export function questionThread<Row extends { ref: string }>(posted: Row[], question: number): { parent: Row | undefined; root: Row | undefined } {
  const earlier = posted.filter((row) => Number(row.ref) < question).sort((a, b) => Number(a.ref) - Number(b.ref));
  return { parent: earlier.at(-1), root: earlier[0] };
}

/** A stored outbound row as a post reference (what replies and lookups need). */
export function refOf(row: NetworkOutboundRow | undefined): PostRef | null {
  if (!row?.post_id) return null;
  return { id: row.post_id, key: row.post_key ?? row.post_id, url: row.post_url ?? '', ...(row.post_meta ? { meta: JSON.parse(row.post_meta) as Record<string, string> } : {}) };
}
