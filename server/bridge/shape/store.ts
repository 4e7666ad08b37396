import type { Kysely, Selectable } from 'kysely';
import type { BridgeOauthRequestsTable, BridgeOutboundTable, Database } from '../../store/schema.ts';
import type { Store } from '../../store/index.ts';
import type { MessageRow } from '../../store/messages.ts';
import type { OwnPosts } from './ingest.ts';

export type NetworkLinkRow = Selectable<Database['bridge_links']>;
export type NetworkOutboundRow = Selectable<BridgeOutboundTable>;

/** Persistence of the bridges (migration 010; X's outbound and mirroring since 015), on the same database as everything else. */
export class BridgeStore {
  private readonly db: Kysely<Database>;

  constructor(store: Store) {
    this.db = store.db;
  }

  link(network: string, seriesId: string): Promise<NetworkLinkRow | undefined> {
    return this.db.selectFrom('bridge_links').selectAll().where('network', '=', network).where('series_id', '=', seriesId).executeTakeFirst();
  }

  /** Replaces any earlier link of the series on that network (relinking starts clean). */
  async saveLink(row: NetworkLinkRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('bridge_links').where('network', '=', row.network).where('series_id', '=', row.series_id).execute();
      await tx.insertInto('bridge_links').values(row).execute();
    });
  }

  async updateLink(network: string, seriesId: string, changes: Partial<Omit<NetworkLinkRow, 'series_id' | 'network'>>): Promise<void> {
    await this.db.updateTable('bridge_links').set(changes).where('network', '=', network).where('series_id', '=', seriesId).execute();
  }

  async deleteLink(network: string, seriesId: string): Promise<void> {
    await this.db.deleteFrom('bridge_links').where('network', '=', network).where('series_id', '=', seriesId).execute();
  }

  app(network: string, instance: string, redirectUri: string) {
    return this.db.selectFrom('bridge_apps').selectAll().where('network', '=', network).where('instance', '=', instance).where('redirect_uri', '=', redirectUri).executeTakeFirst();
  }

  async saveApp(row: Selectable<Database['bridge_apps']>): Promise<void> {
    await this.db.insertInto('bridge_apps').values(row).onConflict((oc) => oc.columns(['network', 'instance', 'redirect_uri']).doUpdateSet({ client_id: row.client_id, client_secret: row.client_secret })).execute();
  }

  async saveOauthRequest(row: BridgeOauthRequestsTable): Promise<void> {
    await this.db.insertInto('bridge_oauth_requests').values(row).execute();
  }

  /** The series an OAuth round trip was started for (not consuming it): where to send the host back on failure. */
  async oauthSeriesSlug(state: string): Promise<string | null> {
    const row = await this.db.selectFrom('bridge_oauth_requests').innerJoin('series', 'series.id', 'bridge_oauth_requests.series_id').select('series.slug').where('bridge_oauth_requests.state', '=', state).executeTakeFirst();
    return row?.slug ?? null;
  }

  /** Reads and deletes in one go: a state is good for one callback only. */
  async takeOauthRequest(state: string): Promise<BridgeOauthRequestsTable | undefined> {
    const row = await this.db.selectFrom('bridge_oauth_requests').selectAll().where('state', '=', state).executeTakeFirst();
    if (!row) return undefined;
    const deleted = await this.db.deleteFrom('bridge_oauth_requests').where('state', '=', state).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0 ? row : undefined;
  }

  async dropOauthRequestsBefore(at: string): Promise<void> {
    await this.db.deleteFrom('bridge_oauth_requests').where('created_at', '<', at).execute();
  }

  /** Claims the right to post this item; false when it was already claimed (an earlier event, another node). */
  async claimOutbound(row: NetworkOutboundRow): Promise<boolean> {
    const result = await this.db.insertInto('bridge_outbound').values(row).onConflict((oc) => oc.columns(['network', 'jam_id', 'kind', 'ref']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateOutbound(id: string, changes: Partial<Pick<NetworkOutboundRow, 'status' | 'post_id' | 'post_key' | 'post_url' | 'post_meta' | 'attempts' | 'last_error' | 'posted_at'>>): Promise<void> {
    await this.db.updateTable('bridge_outbound').set(changes).where('id', '=', id).execute();
  }

  /** The jam's questions already on the network: the thread each new question replies to. */
  postedQuestions(network: string, jamId: string): Promise<NetworkOutboundRow[]> {
    return this.db.selectFrom('bridge_outbound').selectAll().where('network', '=', network).where('jam_id', '=', jamId).where('kind', '=', 'question').where('status', '=', 'posted').execute();
  }

  /** Our own posts of a jam among these ids or keys: how they are recognised when they come back. */
  async ours(network: string, jamId: string, idsOrKeys: string[]): Promise<NetworkOutboundRow[]> {
    if (idsOrKeys.length === 0) return [];
    return this.db
      .selectFrom('bridge_outbound')
      .selectAll()
      .where('network', '=', network)
      .where('jam_id', '=', jamId)
      .where((eb) => eb.or([eb('post_id', 'in', idsOrKeys), eb('post_key', 'in', idsOrKeys)]))
      .execute();
  }

  /** The bridge's own posts of a jam on a network, as the ingest skips them and threads under them. */
  ownPosts(network: string, jamId: string, accountId: string): OwnPosts {
    return {
      accountId,
      find: async (idsOrKeys) => {
        const found = new Map<string, { kind: 'question' | 'message'; ref: string }>();
        for (const row of await this.ours(network, jamId, idsOrKeys)) {
          const mark = { kind: row.kind, ref: row.ref };
          if (row.post_id) found.set(row.post_id, mark);
          if (row.post_key) found.set(row.post_key, mark);
        }
        return found;
      },
      unconfirmedTexts: () => this.unconfirmedTexts(network, jamId),
    };
  }

  /** Texts of this jam's items not yet confirmed: a post racing its own response is still ours. */
  async unconfirmedTexts(network: string, jamId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('bridge_outbound').select('text').where('network', '=', network).where('jam_id', '=', jamId).where('status', '!=', 'failed').where('post_id', 'is', null).execute();
    return new Set(rows.map((r) => r.text));
  }

  /** A bridged message of the jam by the network's own id (how a reply finds its parent). */
  messageByExternalId(jamId: string, source: string, externalId: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').selectAll().where('jam_id', '=', jamId).where('external_id', '=', externalId).where('source', '=', source as MessageRow['source']).executeTakeFirst();
  }

  async counts(network: string, seriesId: string): Promise<{ inbound: number; outbound: number }> {
    const [outbound, inbound] = await Promise.all([
      this.db.selectFrom('bridge_outbound').select((eb) => eb.fn.countAll<number>().as('count')).where('network', '=', network).where('series_id', '=', seriesId).where('status', '=', 'posted').executeTakeFirst(),
      this.db
        .selectFrom('messages')
        .innerJoin('jams', 'jams.id', 'messages.jam_id')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where('jams.series_id', '=', seriesId)
        .where('messages.source', '=', network as MessageRow['source'])
        .executeTakeFirst(),
    ]);
    return { inbound: Number(inbound?.count ?? 0), outbound: Number(outbound?.count ?? 0) };
  }

  async mirrorEnabled(network: string, seriesId: string, userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('bridge_mirror_prefs').select('enabled').where('network', '=', network).where('series_id', '=', seriesId).where('user_id', '=', userId).executeTakeFirst();
    return row?.enabled === 1;
  }

  async setMirror(network: string, seriesId: string, userId: string, enabled: boolean, at: string): Promise<void> {
    const value = enabled ? 1 : 0;
    await this.db
      .insertInto('bridge_mirror_prefs')
      .values({ series_id: seriesId, network, user_id: userId, enabled: value, updated_at: at })
      .onConflict((oc) => oc.columns(['series_id', 'network', 'user_id']).doUpdateSet({ enabled: value, updated_at: at }))
      .execute();
  }
}
