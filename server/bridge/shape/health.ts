import type { Clock } from '../../core/clock.ts';
import type { BridgeLinkState } from '../../store/schema.ts';
import type { BridgeFailure } from './adapter.ts';

/** Where one link's health is kept (x_links for X, bridge_links for the open networks). */
export interface HealthRecord {
  read(): Promise<{ state: string } | undefined>;
  write(changes: { state?: BridgeLinkState; last_error?: string | null; rate_limited_until?: string | null; updated_at: string }): Promise<void>;
}

/** A call to a network failed; `failure` says how, and the link's state has already been recorded. */
export class CallFailed extends Error {
  constructor(readonly failure: BridgeFailure) {
    super(failure.message);
  }
}

/**
 * The health of every bridge's links, one rule for all networks: a 429 opens a rate-limit window
 * for that link and endpoint only (a limited search does not hold up posting) and marks the link
 * rate limited; a refused credential marks it broken until the owner links again; anything else is
 * only told to the host. A call that works closes its window, and the link is ok again once no
 * other window of it is open. `link` names a link uniquely within one LinkHealth.
 */
export class LinkHealth {
  #limits = new Map<string, Date>();

  constructor(private readonly clock: Clock) {}

  /** When the rate-limit window of this link and endpoint ends, if one is open now. */
  limitedUntil(link: string, endpoint: string): Date | null {
    const until = this.#limits.get(`${link}|${endpoint}`);
    return until && until > this.clock.now() ? until : null;
  }

  /** Records the failure as the link's state; `relink` is what the host is told to do about a refused credential. */
  async failed(link: string, endpoint: string, failure: BridgeFailure, record: HealthRecord, relink: string): Promise<CallFailed> {
    const at = this.clock.now().toISOString();
    if (failure.kind === 'rate_limited') {
      this.#limits.set(`${link}|${endpoint}`, failure.resetAt);
      await record.write({ state: 'rate_limited', rate_limited_until: failure.resetAt.toISOString(), last_error: `${endpoint}: ${failure.message}`, updated_at: at });
    } else if (failure.kind === 'auth') {
      await record.write({ state: 'broken', last_error: `${failure.message}; ${relink}`, updated_at: at });
    } else {
      // Access-level refusals, rejected posts and network trouble: worth telling the host, not a broken link.
      await record.write({ last_error: `${endpoint}: ${failure.message}`, updated_at: at });
    }
    return new CallFailed(failure);
  }

  /** A call on this endpoint worked: its window is over, and the link is ok again if nothing else of it is limited. */
  async healthy(link: string, endpoint: string, record: HealthRecord): Promise<void> {
    const now = this.clock.now();
    this.#limits.delete(`${link}|${endpoint}`);
    const stillLimited = [...this.#limits].some(([key, until]) => key.startsWith(`${link}|`) && until > now);
    const row = await record.read();
    if (row?.state === 'rate_limited' && !stillLimited) await record.write({ state: 'ok', rate_limited_until: null, updated_at: now.toISOString() });
  }

  /** Forgets the link's windows (linked again, unlinked). */
  forget(link: string): void {
    for (const key of [...this.#limits.keys()]) if (key.startsWith(`${link}|`)) this.#limits.delete(key);
  }
}
