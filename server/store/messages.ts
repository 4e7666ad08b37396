import { sql, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from './migrations/index.ts';
import type { Database, MessagesTable } from './schema.ts';
import { isUniqueViolation } from './index.ts';

export type MessageRow = Selectable<MessagesTable>;
/** `held` defaults to 0 (published at once). */
export type NewMessage = Omit<MessageRow, 'seq' | 'boost_count' | 'held'> & { held?: number };

export interface SearchRow {
  message: MessageRow;
  snippet: string;
}

/** Every column but PostgreSQL's generated search vector, which no reader needs on the wire. */
const COLUMNS = ['id', 'jam_id', 'seq', 'client_id', 'author_id', 'author_handle', 'author_name', 'author_role', 'text', 'question', 'reply_to', 'source', 'external_id', 'external_url', 'hidden', 'hidden_reason', 'featured', 'held', 'boost_count', 'created_at'] as const satisfies readonly (keyof MessagesTable)[];
const QUALIFIED = COLUMNS.map((c) => `messages.${c}` as const);

/** Search ranks the newest this-many matches (bounded work, however large the archive). */
const SEARCH_CANDIDATES = 1000;
/** PostgreSQL has no cheap newest-first walk of a GIN index: fewer candidates, as found. */
const PG_SEARCH_CANDIDATES = 500;

export class MessageRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Stores messages with the jam's next seqs in one transaction (one commit for a burst). For each
   * input, returns the stored row, or the row already stored under the same client id (a retried
   * send, possibly earlier in the same batch): `duplicate` tells which. All rows share one jam.
   */
  async insertBatch(messages: NewMessage[]): Promise<{ row: MessageRow; duplicate: boolean }[]> {
    if (messages.length === 0) return [];
    try {
      return await this.#insertBatch(messages);
    } catch (error) {
      // Another node stored one of these client ids between our read and our insert (PostgreSQL):
      // once more, and the read sees it as the duplicate it is.
      if (!isUniqueViolation(error)) throw error;
      return this.#insertBatch(messages);
    }
  }

  #insertBatch(messages: NewMessage[]): Promise<{ row: MessageRow; duplicate: boolean }[]> {
    const jamId = messages[0]!.jam_id;
    return this.db.transaction().execute(async (tx) => {
      const clientIds = [...new Set(messages.map((m) => m.client_id))];
      const existing = await tx.selectFrom('messages').select(COLUMNS).where('jam_id', '=', jamId).where('client_id', 'in', clientIds).execute();
      const byClientId = new Map(existing.map((row) => [row.client_id, row]));
      const fresh = messages.filter((m) => !byClientId.has(m.client_id) && byClientId.set(m.client_id, m as MessageRow));
      if (fresh.length > 0) {
        const bumped = await tx.updateTable('jams').set((eb) => ({ last_seq: eb('last_seq', '+', fresh.length) })).where('id', '=', jamId).returning('last_seq').executeTakeFirstOrThrow();
        const first = Number(bumped.last_seq) - fresh.length + 1;
        const rows = fresh.map((m, i) => ({ ...m, seq: first + i, boost_count: 0, held: m.held ?? 0 }));
        rows.forEach((row) => byClientId.set(row.client_id, row));
        await tx.insertInto('messages').values(rows).execute();
      }
      const freshSet = new Set<NewMessage>(fresh);
      return messages.map((m) => ({ row: byClientId.get(m.client_id)!, duplicate: !freshSet.has(m) }));
    });
  }

  byId(id: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  byClientId(jamId: string, clientId: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').select(COLUMNS).where('jam_id', '=', jamId).where('client_id', '=', clientId).executeTakeFirst();
  }

  /** Messages after a seq, in seq order; hidden ones only when asked (for hosts). */
  after(jamId: string, afterSeq: number, limit: number, includeHidden = false): Promise<MessageRow[]> {
    let query = this.db.selectFrom('messages').select(COLUMNS).where('jam_id', '=', jamId).where('seq', '>', afterSeq).orderBy('seq').limit(limit);
    if (!includeHidden) query = query.where('hidden', '=', 0);
    return query.execute();
  }

  /** The newest `limit` visible messages, returned oldest first. */
  async latest(jamId: string, limit: number): Promise<MessageRow[]> {
    const rows = await this.db.selectFrom('messages').select(COLUMNS).where('jam_id', '=', jamId).where('hidden', '=', 0).orderBy('seq', 'desc').limit(limit).execute();
    return rows.reverse();
  }

  /** Every visible message of a jam in seq order, for transcripts and reports. */
  allVisible(jamId: string): Promise<MessageRow[]> {
    return this.db.selectFrom('messages').select(COLUMNS).where('jam_id', '=', jamId).where('hidden', '=', 0).orderBy('seq').execute();
  }

  async setFlags(id: string, flags: Partial<Pick<MessageRow, 'hidden' | 'hidden_reason' | 'featured'>>): Promise<MessageRow | undefined> {
    await this.db.updateTable('messages').set(flags).where('id', '=', id).execute();
    return this.byId(id);
  }

  /** Adds or removes one user's boost; returns the message with its new count. Idempotent either way. */
  async setBoost(messageId: string, userId: string, boosted: boolean, at: string): Promise<MessageRow | undefined> {
    await this.db.transaction().execute(async (tx) => {
      const changed = boosted
        ? Number((await tx.insertInto('boosts').values({ message_id: messageId, user_id: userId, created_at: at }).onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0)
        : -Number((await tx.deleteFrom('boosts').where('message_id', '=', messageId).where('user_id', '=', userId).executeTakeFirst()).numDeletedRows);
      if (changed !== 0) await tx.updateTable('messages').set((eb) => ({ boost_count: eb('boost_count', '+', changed) })).where('id', '=', messageId).execute();
    });
    return this.byId(messageId);
  }

  /** Full-text search over visible messages of ended jams (or one jam), best matches first. */
  async search(query: string, options: { jamId?: string; endedJamIds?: string[]; limit: number }): Promise<SearchRow[]> {
    const terms = toTerms(query);
    if (terms.length === 0) return [];
    if (this.dialect === 'sqlite') {
      const match = terms.map((t) => `"${t.replace(/"/g, '""')}"*`).join(' ');
      // One jam's messages sit in one rowid range; FTS5 walks only that part of each doclist.
      const range = options.jamId
        ? sql`AND messages_fts.rowid BETWEEN (SELECT min(rowid) FROM messages WHERE jam_id = ${options.jamId}) AND (SELECT max(rowid) FROM messages WHERE jam_id = ${options.jamId})`
        : sql``;
      // Ranking every match by bm25 grows with the archive (100 ms at a million messages for a
      // common word); rank the newest CANDIDATES matches instead, found by walking rowids down.
      const ofJam = options.jamId ? sql`AND messages_fts.rowid IN (SELECT rowid FROM messages WHERE jam_id = ${options.jamId})` : sql``;
      const floor = sql`(SELECT min(rowid) FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${match} ${range} ${ofJam} ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES}))`;
      let q = this.db
        .selectFrom(sql<{ rowid: number; rank: number }>`messages_fts`.as('messages_fts'))
        .innerJoin('messages', (join) => join.on(sql<boolean>`messages.rowid = messages_fts.rowid`))
        .select(QUALIFIED)
        .select(sql<string>`snippet(messages_fts, 0, '[', ']', '…', 16)`.as('snippet'))
        .where(sql<boolean>`messages_fts MATCH ${match} ${range} AND messages_fts.rowid >= ${floor}`)
        .where('messages.hidden', '=', 0)
        .orderBy(sql`rank`)
        .limit(options.limit);
      if (options.jamId) q = q.where('messages.jam_id', '=', options.jamId);
      const rows = await q.execute();
      return rows.map(({ snippet, ...message }) => ({ message: message as MessageRow, snippet: String(snippet) }));
    }
    const tsquery = terms.map((t) => `${t.replace(/[^\p{L}\p{N}_]/gu, '')}:*`).filter((t) => t !== ':*').join(' & ');
    if (!tsquery) return [];
    // As on SQLite, rank a bounded set of candidates rather than every match; the GIN scan itself
    // is bounded by gin_fuzzy_search_limit (set per connection in openPostgres).
    let candidates = this.db
      .selectFrom('messages')
      .select(COLUMNS)
      .select(sql<unknown>`search`.as('search'))
      .where(sql<boolean>`search @@ to_tsquery('simple', ${tsquery})`)
      .where('hidden', '=', 0)
      .limit(PG_SEARCH_CANDIDATES);
    if (options.jamId) candidates = candidates.where('jam_id', '=', options.jamId);
    const rows = await this.db
      .selectFrom(candidates.as('messages'))
      .select(QUALIFIED)
      .select(sql<string>`ts_headline('simple', text, to_tsquery('simple', ${tsquery}), 'StartSel=[,StopSel=],MaxWords=24,MinWords=8')`.as('snippet'))
      .orderBy(sql`ts_rank(search, to_tsquery('simple', ${tsquery}))`, 'desc')
      .limit(options.limit)
      .execute();
    return rows.map(({ snippet, ...message }) => ({ message: message as MessageRow, snippet }));
  }
}

/** Words of a user's query, stripped of search-syntax characters so nothing they type is an operator. */
function toTerms(query: string): string[] {
  return query
    .normalize('NFC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12);
}
