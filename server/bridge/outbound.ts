import { nanoid } from 'nanoid';
import type { Deps } from '../jams/deps.ts';
import { backoffDelay, type BridgeConfig } from './config.ts';
import { LinkUnavailable, XCallFailed, type Links } from './links.ts';
import type { BridgeRepo, OutboundKind, OutboundRow } from './repo.ts';
import type { Timers } from './timers.ts';

/** Attempts at a post that fails for reasons other than rate limits (X 5xx, network). */
const MAX_ATTEMPTS = 5;

export interface OutboundItem {
  seriesId: string;
  jamId: string;
  kind: OutboundKind;
  /** Question number or message id. */
  ref: string;
  text: string;
  /** For questions: thread under the previous question's tweet. */
  question?: number;
}

/**
 * Posts to X, one series at a time and in order (Q1, Q2, … form a thread). Each item is claimed
 * once in x_outbound before it is posted, so a restart or a second node never posts it twice; a
 * rate-limited item waits for X's reset and the items behind it wait with it. Nothing here is
 * awaited by the native jam.
 */
export class Outbound {
  #chains = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: Deps,
    private readonly repo: BridgeRepo,
    private readonly links: Links,
    private readonly config: BridgeConfig,
    private readonly timers: Timers,
    private readonly onError: (error: unknown) => void,
  ) {}

  enqueue(item: OutboundItem): void {
    const previous = this.#chains.get(item.seriesId) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(item)).catch(this.onError);
    this.#chains.set(item.seriesId, next);
    void next.finally(() => this.#chains.get(item.seriesId) === next && this.#chains.delete(item.seriesId));
  }

  /** Resolves when every queued post has settled (or been abandoned because the bridge stopped). */
  async settle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all(this.#chains.values());
  }

  private async deliver(item: OutboundItem): Promise<void> {
    const row: OutboundRow = { id: nanoid(), series_id: item.seriesId, jam_id: item.jamId, kind: item.kind, ref: item.ref, text: item.text, status: 'pending', tweet_id: null, attempts: 0, last_error: null, created_at: this.deps.clock.now().toISOString(), posted_at: null };
    if (!(await this.repo.claimOutbound(row))) return;
    for (let attempt = 1; !this.timers.stopped; attempt++) {
      try {
        const replyTo = item.kind === 'question' && item.question ? await this.threadParent(item.jamId, item.question) : null;
        const tweet = await this.links.call(item.seriesId, 'tweets', (client) => client.v2.tweet(item.text, replyTo ? { reply: { in_reply_to_tweet_id: replyTo } } : {}));
        await this.repo.updateOutbound(row.id, { status: 'posted', tweet_id: tweet.data.id, attempts: attempt, last_error: null, posted_at: this.deps.clock.now().toISOString() });
        return;
      } catch (error) {
        const wait = this.retryAfter(error, attempt);
        const message = error instanceof Error ? error.message : String(error);
        if (wait === null) {
          await this.repo.updateOutbound(row.id, { status: 'failed', attempts: attempt, last_error: message });
          return;
        }
        await this.repo.updateOutbound(row.id, { attempts: attempt, last_error: message });
        await this.timers.sleep(wait);
      }
    }
  }

  /** Milliseconds to wait before trying again, or null to give up on this item. */
  private retryAfter(error: unknown, attempt: number): number | null {
    const now = this.deps.clock.now().getTime();
    if (error instanceof LinkUnavailable) return error.reason === 'rate_limited' && error.until ? Math.max(0, error.until.getTime() - now) : null;
    if (error instanceof XCallFailed) {
      const { failure } = error;
      if (failure.kind === 'rate_limited') return Math.max(0, failure.resetAt.getTime() - now);
      if (failure.kind === 'transient' && attempt < MAX_ATTEMPTS) return backoffDelay(this.config, attempt);
      return null;
    }
    return attempt < MAX_ATTEMPTS ? backoffDelay(this.config, attempt) : null;
  }

  /** The tweet of the latest earlier question that made it to X. */
  private async threadParent(jamId: string, question: number): Promise<string | null> {
    const posted = await this.repo.postedQuestions(jamId);
    const earlier = posted.filter((row) => Number(row.ref) < question).sort((a, b) => Number(b.ref) - Number(a.ref));
    return earlier[0]?.tweet_id ?? null;
  }
}
