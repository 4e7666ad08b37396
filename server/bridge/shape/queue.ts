import type { Deps } from '../../core/deps.ts';
import { backoffDelay } from '../config.ts';
import type { Timers } from '../timers.ts';
import { CallFailed, LinkUnavailable } from './accounts.ts';

/** Attempts at a post that fails for reasons other than rate limits (5xx, network). */
const MAX_ATTEMPTS = 5;

/** Where one network's outbound items are claimed and recorded, and how one is sent. */
export interface OutboundLane<Item> {
  /** Items of one lane (a network and series) are posted one at a time, in order: Q1, Q2, … form a thread. */
  laneOf(item: Item): string;
  /** Claims the item once, across restarts and nodes: its row id, or null when it was claimed before. */
  claim(item: Item): Promise<string | null>;
  /** Posts the item and records it as posted (attempt: which try this is). */
  send(item: Item, id: string, attempt: number): Promise<void>;
  /** Records a try that failed; `final` when the item is given up. */
  failed(id: string, attempt: number, message: string, final: boolean): Promise<void>;
}

/**
 * The outbound queue every bridge uses: each item claimed once before it is posted, lanes in
 * order, a rate-limited item waiting for the network's reset (the items behind it wait with it),
 * network trouble retried with jittered backoff a few times, a refused or unlinked account given
 * up at once. Nothing here is awaited by the native jam.
 */
export class ClaimedQueue<Item> {
  #chains = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly backoff: { backoffMinMs: number; backoffMaxMs: number },
    private readonly timers: Timers,
    private readonly onError: (error: unknown) => void,
    private readonly lane: OutboundLane<Item>,
  ) {}

  enqueue(item: Item): void {
    const key = this.lane.laneOf(item);
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(item)).catch(this.onError);
    this.#chains.set(key, next);
    void next.finally(() => this.#chains.get(key) === next && this.#chains.delete(key));
  }

  /** Resolves when every queued post has settled (or been abandoned because the bridge stopped). */
  async settle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
  }

  private async deliver(item: Item): Promise<void> {
    const id = await this.lane.claim(item);
    if (id === null) return;
    for (let attempt = 1; !this.timers.stopped; attempt++) {
      try {
        await this.lane.send(item, id, attempt);
        return;
      } catch (error) {
        const wait = this.retryAfter(error, attempt);
        await this.lane.failed(id, attempt, error instanceof Error ? error.message : String(error), wait === null);
        if (wait === null) return;
        await this.timers.sleep(wait);
      }
    }
  }

  /** Milliseconds to wait before trying again, or null to give up on this item. */
  private retryAfter(error: unknown, attempt: number): number | null {
    const now = this.deps.clock.now().getTime();
    if (error instanceof LinkUnavailable) return error.reason === 'rate_limited' && error.until ? Math.max(0, error.until.getTime() - now) : null;
    if (error instanceof CallFailed) {
      const { failure } = error;
      if (failure.kind === 'rate_limited') return Math.max(0, failure.resetAt.getTime() - now);
      if (failure.kind === 'transient' && attempt < MAX_ATTEMPTS) return backoffDelay(this.backoff, attempt);
      return null;
    }
    return attempt < MAX_ATTEMPTS ? backoffDelay(this.backoff, attempt) : null;
  }
}
