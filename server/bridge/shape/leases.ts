import type { Kysely } from 'kysely';
import type { Store } from '../../store/index.ts';
import type { Database } from '../../store/schema.ts';

/**
 * One inbound reader per network per jam across nodes: a row per (network, jam) names its holder
 * until expires_at. Claiming is one compare-and-set write (insert, or take over when the row is
 * ours or expired), so two nodes never both believe they hold it; the holder renews on every read,
 * and when it dies the lease runs out and another node takes over.
 */
export class Leases {
  private readonly db: Kysely<Database>;

  constructor(
    store: Store,
    /** This node's name in the lease rows. */
    readonly holder: string,
  ) {
    this.db = store.db;
  }

  /** Claims or renews; true while this node holds the lease until now + ttlMs. */
  async claim(network: string, jamId: string, now: Date, ttlMs: number): Promise<boolean> {
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    const result = await this.db
      .insertInto('bridge_leases')
      .values({ network, jam_id: jamId, holder: this.holder, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .columns(['network', 'jam_id'])
          .doUpdateSet({ holder: this.holder, expires_at: expiresAt })
          .where((eb) => eb.or([eb('bridge_leases.holder', '=', this.holder), eb('bridge_leases.expires_at', '<=', at)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Lets go at once (jam ended, node stopping), so another node need not wait for the expiry. */
  async release(network: string, jamId: string): Promise<void> {
    await this.db.deleteFrom('bridge_leases').where('network', '=', network).where('jam_id', '=', jamId).where('holder', '=', this.holder).execute();
  }

  holderOf(network: string, jamId: string): Promise<{ holder: string; expires_at: string } | undefined> {
    return this.db.selectFrom('bridge_leases').select(['holder', 'expires_at']).where('network', '=', network).where('jam_id', '=', jamId).executeTakeFirst();
  }
}
