import type { Kysely, Selectable } from 'kysely';
import type { Store } from '../store/index.ts';

/** The bridge's own tables (migration 004); kept here so the shared schema file stays untouched. */
export interface XLinksTable {
  series_id: string;
  linked_by: string;
  x_user_id: string;
  username: string;
  /** Sealed (AES-256-GCM): see crypto.ts. */
  access_token: string;
  refresh_token: string | null;
  expires_at: string | null;
  scope: string;
  state: LinkState;
  last_error: string | null;
  rate_limited_until: string | null;
  last_sync_at: string | null;
  /** Newest tweet id ingested for since_jam_id; a new jam starts from its own start time instead. */
  since_id: string | null;
  since_jam_id: string | null;
  created_at: string;
  updated_at: string;
}

export type LinkState = 'ok' | 'rate_limited' | 'broken';

export interface XOauthRequestsTable {
  state: string;
  series_id: string;
  user_id: string;
  code_verifier: string;
  redirect_uri: string;
  created_at: string;
}

export type OutboundKind = 'question' | 'message';
export type OutboundStatus = 'pending' | 'posted' | 'failed';

export interface XOutboundTable {
  id: string;
  series_id: string;
  jam_id: string;
  kind: OutboundKind;
  ref: string;
  text: string;
  status: OutboundStatus;
  tweet_id: string | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  posted_at: string | null;
}

export interface XMirrorPrefsTable {
  series_id: string;
  user_id: string;
  enabled: number;
  updated_at: string;
}

interface BridgeTables {
  x_links: XLinksTable;
  x_oauth_requests: XOauthRequestsTable;
  x_outbound: XOutboundTable;
  x_mirror_prefs: XMirrorPrefsTable;
  messages: { jam_id: string; source: string };
  jams: { id: string; series_id: string };
}

export type LinkRow = Selectable<XLinksTable>;
export type OutboundRow = Selectable<XOutboundTable>;

/** Persistence for the bridge, on the same database (and connection pool) as everything else. */
export class BridgeRepo {
  private readonly db: Kysely<BridgeTables>;

  constructor(store: Store) {
    this.db = store.db as unknown as Kysely<BridgeTables>;
  }

  link(seriesId: string): Promise<LinkRow | undefined> {
    return this.db.selectFrom('x_links').selectAll().where('series_id', '=', seriesId).executeTakeFirst();
  }

  /** Replaces any earlier link of the series (relinking starts clean). */
  async saveLink(row: LinkRow): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('x_links').where('series_id', '=', row.series_id).execute();
      await tx.insertInto('x_links').values(row).execute();
    });
  }

  async updateLink(seriesId: string, changes: Partial<Omit<LinkRow, 'series_id'>>): Promise<void> {
    await this.db.updateTable('x_links').set(changes).where('series_id', '=', seriesId).execute();
  }

  async deleteLink(seriesId: string): Promise<void> {
    await this.db.deleteFrom('x_links').where('series_id', '=', seriesId).execute();
  }

  async saveOauthRequest(row: XOauthRequestsTable): Promise<void> {
    await this.db.insertInto('x_oauth_requests').values(row).execute();
  }

  /** Reads and deletes in one go: a state is good for one callback only. */
  async takeOauthRequest(state: string): Promise<XOauthRequestsTable | undefined> {
    const row = await this.db.selectFrom('x_oauth_requests').selectAll().where('state', '=', state).executeTakeFirst();
    if (!row) return undefined;
    const deleted = await this.db.deleteFrom('x_oauth_requests').where('state', '=', state).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0 ? row : undefined;
  }

  async dropOauthRequestsBefore(at: string): Promise<void> {
    await this.db.deleteFrom('x_oauth_requests').where('created_at', '<', at).execute();
  }

  outbound(jamId: string, kind: OutboundKind, ref: string): Promise<OutboundRow | undefined> {
    return this.db.selectFrom('x_outbound').selectAll().where('jam_id', '=', jamId).where('kind', '=', kind).where('ref', '=', ref).executeTakeFirst();
  }

  /** Claims the right to post this item; false when it was already claimed (by an earlier event, or another node). */
  async claimOutbound(row: OutboundRow): Promise<boolean> {
    const result = await this.db.insertInto('x_outbound').values(row).onConflict((oc) => oc.columns(['jam_id', 'kind', 'ref']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateOutbound(id: string, changes: Partial<Pick<OutboundRow, 'status' | 'tweet_id' | 'attempts' | 'last_error' | 'posted_at' | 'text'>>): Promise<void> {
    await this.db.updateTable('x_outbound').set(changes).where('id', '=', id).execute();
  }

  /** The jam's questions already on X, in order: the thread each new question replies to. */
  postedQuestions(jamId: string): Promise<OutboundRow[]> {
    return this.db.selectFrom('x_outbound').selectAll().where('jam_id', '=', jamId).where('kind', '=', 'question').where('status', '=', 'posted').execute();
  }

  /** Outbound items of a jam by tweet id: how mirrored posts are recognised when they come back. */
  async outboundByTweetIds(jamId: string, tweetIds: string[]): Promise<Map<string, OutboundRow>> {
    if (tweetIds.length === 0) return new Map();
    const rows = await this.db.selectFrom('x_outbound').selectAll().where('jam_id', '=', jamId).where('tweet_id', 'in', tweetIds).execute();
    return new Map(rows.map((row) => [row.tweet_id!, row]));
  }

  /** Texts of this jam's outbound items not yet confirmed: a tweet racing its own POST response is still ours. */
  async unconfirmedTexts(jamId: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('x_outbound').select('text').where('jam_id', '=', jamId).where('status', '!=', 'failed').where('tweet_id', 'is', null).execute();
    return new Set(rows.map((r) => r.text));
  }

  async outboundCount(seriesId: string): Promise<number> {
    const row = await this.db.selectFrom('x_outbound').select((eb) => eb.fn.countAll<number>().as('count')).where('series_id', '=', seriesId).where('status', '=', 'posted').executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async inboundCount(seriesId: string): Promise<number> {
    const row = await this.db
      .selectFrom('messages')
      .innerJoin('jams', 'jams.id', 'messages.jam_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('jams.series_id', '=', seriesId)
      .where('messages.source', '=', 'x')
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async mirrorEnabled(seriesId: string, userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('x_mirror_prefs').select('enabled').where('series_id', '=', seriesId).where('user_id', '=', userId).executeTakeFirst();
    return row?.enabled === 1;
  }

  async setMirror(seriesId: string, userId: string, enabled: boolean, at: string): Promise<void> {
    await this.db
      .insertInto('x_mirror_prefs')
      .values({ series_id: seriesId, user_id: userId, enabled: enabled ? 1 : 0, updated_at: at })
      .onConflict((oc) => oc.columns(['series_id', 'user_id']).doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: at }))
      .execute();
  }
}
