import { setImmediate } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Dialect } from './migrations/index.ts';
import type { Database, MessagesTable } from './schema.ts';
import { isUniqueViolation } from './index.ts';
import { prepared, type Executor } from './prepared.ts';
import { searchSnippet } from './searchSnippet.ts';

export type MessageRow = Selectable<MessagesTable>;
/** `held` defaults to 0 (published at once). */
export type NewMessage = Omit<MessageRow, 'seq' | 'boost_count' | 'held'> & { held?: number };

/** A hit with what its page shows beside it, read in the same statement (not one more read per hit or per jam). */
export interface SearchRow {
  message: MessageRow;
  snippet: string;
  jam: { slug: string; title: string; startsAt: string; hashtag: string };
  /** The text of the question the message answers, when the public may see it (the jam's questions are public, or this one was released). */
  questionText: string | null;
}

/** Every column but PostgreSQL's generated search vector, which no reader needs on the wire. */
const COLUMNS = ['id', 'jam_id', 'seq', 'client_id', 'author_id', 'author_handle', 'author_name', 'author_role', 'text', 'question', 'reply_to', 'source', 'external_id', 'external_url', 'external_author_id', 'hidden', 'hidden_reason', 'featured', 'held', 'boost_count', 'created_at'] as const satisfies readonly (keyof MessagesTable)[];
const QUALIFIED = COLUMNS.map((c) => `messages.${c}` as const);


/** Rows per read when a whole jam is read: small enough that one read (SQLite reads block the event loop) stays a few ms. */
const WHOLE_JAM_PAGE = 250;

export class MessageRepo {
  /** The posting path's statements, compiled once (per row count for the batch ones): Kysely's building and compiling cost more than the database's work. */
  readonly #bumpSeq;
  readonly #existing = new Map<number, (args: string[], on: Executor) => Promise<MessageRow[]>>();
  readonly #insert = new Map<number, (args: unknown[], on: Executor) => Promise<unknown[]>>();
  readonly #insertFresh = new Map<number, (args: unknown[]) => Promise<{ seq: number }[]>>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.#bumpSeq = prepared<{ jamId: string; count: number }, { last_seq: number }>(db, (a) =>
      db.updateTable('jams').set((eb) => ({ last_seq: eb('last_seq', '+', a.count) })).where('id', '=', a.jamId).returning('last_seq'),
    );
  }

  /** The stored rows of a jam among `clientIds`: arguments [jamId, ...clientIds]. */
  #existingOf(count: number) {
    let query = this.#existing.get(count);
    if (!query) {
      query = prepared<string[], MessageRow>(this.db, (a) =>
        this.db.selectFrom('messages').select(COLUMNS).where('jam_id', '=', a[0]!).where('client_id', 'in', Array.from({ length: count }, (_, i) => a[i + 1]!)),
      );
      this.#existing.set(count, query);
    }
    return query;
  }

  /** The INSERT of `count` rows in one statement: arguments each row's COLUMNS in turn. */
  #insertOf(count: number) {
    let query = this.#insert.get(count);
    if (!query) {
      query = prepared<unknown[], unknown>(this.db, (a) =>
        this.db.insertInto('messages').values(Array.from({ length: count }, (_, i) => Object.fromEntries(COLUMNS.map((c, j) => [c, a[i * COLUMNS.length + j]])) as unknown as MessageRow)),
      );
      this.#insert.set(count, query);
    }
    return query;
  }

  /**
   * PostgreSQL: the seq bump and the INSERT of `count` rows in one statement (one round trip, and
   * its own transaction, where the general path takes five): arguments [jamId, ...each row's COLUMNS].
   * A client id already stored fails it whole (unique violation), and the general path sorts it out.
   */
  #insertFreshOf(count: number) {
    let query = this.#insertFresh.get(count);
    if (!query) {
      query = prepared<unknown[], { seq: number }>(this.db, (a) =>
        this.db
          .with('bumped', (db) => db.updateTable('jams').set((eb) => ({ last_seq: eb('last_seq', '+', count) })).where('id', '=', a[0] as string).returning('last_seq'))
          .insertInto('messages')
          .values(
            Array.from({ length: count }, (_, i) =>
              Object.fromEntries(COLUMNS.map((c, j) => [c, c === 'seq' ? sql`(SELECT last_seq FROM bumped) - ${count - 1 - i}` : a[1 + i * COLUMNS.length + j]])),
            ) as unknown as MessageRow[],
          )
          .returning('seq'),
      );
      this.#insertFresh.set(count, query);
    }
    return query;
  }

  /**
   * Stores messages with the jam's next seqs in one transaction (one commit for a burst). For each
   * input, returns the stored row, or the row already stored under the same client id (a retried
   * send, possibly earlier in the same batch): `duplicate` tells which. All rows share one jam.
   */
  async insertBatch(messages: NewMessage[]): Promise<{ row: MessageRow; duplicate: boolean }[]> {
    if (messages.length === 0) return [];
    if (this.dialect === 'postgres') {
      const rows = messages.map((m) => ({ ...m, seq: 0, boost_count: 0, held: m.held ?? 0 }));
      try {
        const stored = await this.#insertFreshOf(rows.length)([messages[0]!.jam_id, ...rows.flatMap((row) => COLUMNS.map((c) => row[c]))]);
        if (stored.length !== rows.length) throw new Error(`jam ${messages[0]!.jam_id} is not in the store`);
        const first = Math.min(...stored.map((r) => Number(r.seq)));
        return rows.map((row, i) => ({ row: { ...row, seq: first + i }, duplicate: false }));
      } catch (error) {
        // A resend of a stored post (or two in this batch): the general path answers it as the duplicate it is.
        if (!isUniqueViolation(error)) throw error;
      }
    }
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
      const existing = await this.#existingOf(clientIds.length)([jamId, ...clientIds], tx);
      const byClientId = new Map(existing.map((row) => [row.client_id, row]));
      const fresh = messages.filter((m) => !byClientId.has(m.client_id) && byClientId.set(m.client_id, m as MessageRow));
      if (fresh.length > 0) {
        const [bumped] = await this.#bumpSeq({ jamId, count: fresh.length }, tx);
        if (!bumped) throw new Error(`jam ${jamId} is not in the store`);
        const first = Number(bumped.last_seq) - fresh.length + 1;
        const rows = fresh.map((m, i) => ({ ...m, seq: first + i, boost_count: 0, held: m.held ?? 0 }));
        rows.forEach((row) => byClientId.set(row.client_id, row));
        await this.#insertOf(rows.length)(rows.flatMap((row) => COLUMNS.map((c) => row[c])), tx);
      }
      const freshSet = new Set<NewMessage>(fresh);
      return messages.map((m) => ({ row: byClientId.get(m.client_id)!, duplicate: !freshSet.has(m) }));
    });
  }

  byId(id: string): Promise<MessageRow | undefined> {
    return this.db.selectFrom('messages').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  /** Messages of one jam by id, hidden ones included (recaps decide what to drop). */
  async byIds(jamId: string, ids: string[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('messages').select(COLUMNS).where('jam_id', '=', jamId).where('id', 'in', ids).execute();
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

  /**
   * Every visible message of a jam in seq order, for transcripts and reports: read a page at a
   * time, letting other work run between pages (SQLite reads block the event loop while they run,
   * and a 20,000-message jam read at once held it for a second).
   */
  async allVisible(jamId: string): Promise<MessageRow[]> {
    const rows: MessageRow[] = [];
    for (;;) {
      const page = await this.after(jamId, rows.at(-1)?.seq ?? 0, WHOLE_JAM_PAGE);
      rows.push(...page);
      if (page.length < WHOLE_JAM_PAGE) return rows;
      await setImmediate();
    }
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

  /**
   * Full-text search over visible messages: every word must match, the last one as a prefix (what
   * is being typed; a prefix of every word would make the engines expand and merge each one's
   * whole vocabulary, several times slower). One page of
   * `limit`, newest first (insertion order) or by relevance, with a cursor after the last row so
   * every match is reachable. Both orders walk an index in order and stop after the page: newest
   * via the FTS5 rowid (SQLite) or `pos` (PostgreSQL); relevance must score every match, so its
   * cost grows with how common the words are, but its pages are exact.
   */
  async search(query: string, options: SearchOptions): Promise<SearchPage> {
    const terms = toTerms(query);
    if (terms.length === 0) return { rows: [], next: null };
    const sort = options.sort ?? 'newest';
    const take = options.limit + 1;
    const rows = this.dialect === 'sqlite' ? await this.#searchSqlite(terms, sort, options, take) : await this.#searchPostgres(terms, sort, options, take);
    if (rows === null) return { rows: [], next: null };
    const page = rows.slice(0, options.limit);
    const last = page.at(-1);
    const next = rows.length > options.limit && last ? { pos: Number(last.pos), ...(sort === 'relevance' ? { score: Number(last.score) } : {}) } : null;
    // The raw row is the message as it is: its extra columns are never presented, and copying
    // 20-odd columns out of each row (object rest) cost more than the rest of the mapping.
    return {
      rows: page.map((row) => ({
        message: row,
        snippet: searchSnippet(row.text, terms, this.dialect === 'sqlite'),
        jam: { slug: row.jam_slug, title: row.jam_title, startsAt: row.jam_starts_at, hashtag: row.jam_hashtag },
        questionText: row.question_text,
      })),
      next,
    };
  }

  /**
   * Wraps one store's page query (`page`: message columns, pos and score) with
   * what each hit shows: its jam, the series hashtag, and the question's text when the public may
   * see it. Joined after the LIMIT, so only the page's rows are looked up, by primary key.
   */
  #withContext(page: RawBuilder<unknown>, order: RawBuilder<unknown>) {
    return sql<RawSearchRow>`
      SELECT page.*, jams.slug AS jam_slug, jams.title AS jam_title, jams.starts_at AS jam_starts_at, series.hashtag AS jam_hashtag, questions.text AS question_text
      FROM (${page}) page
      JOIN jams ON jams.id = page.jam_id
      JOIN series ON series.id = jams.series_id
      LEFT JOIN questions ON questions.jam_id = page.jam_id AND questions.n = page.question
        AND (jams.questions_public = 1 OR EXISTS (SELECT 1 FROM question_releases WHERE question_releases.jam_id = page.jam_id AND question_releases.n = page.question))
      ORDER BY ${order}`;
  }

  /** The filters both stores apply the same way, on the `messages` table. */
  #filters(options: SearchOptions) {
    const { jamId, seriesId, authorId, authorHandle, from, to } = options;
    return [
      jamId !== undefined ? sql`AND messages.jam_id = ${jamId}` : sql``,
      seriesId !== undefined ? sql`AND messages.jam_id IN (SELECT id FROM jams WHERE series_id = ${seriesId})` : sql``,
      authorId !== undefined ? sql`AND messages.author_id = ${authorId}` : sql``,
      authorHandle !== undefined ? sql`AND lower(messages.author_handle) = ${authorHandle.toLowerCase()}` : sql``,
      from !== undefined ? sql`AND messages.created_at >= ${from}` : sql``,
      to !== undefined ? sql`AND messages.created_at < ${to}` : sql``,
    ];
  }

  async #searchSqlite(terms: string[], sort: SearchSort, options: SearchOptions, take: number): Promise<RawSearchRow[]> {
    const match = terms.map((t, i) => `"${t.replace(/"/g, '""')}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
    // One jam's messages sit in one rowid range; FTS5 walks only that part of each doclist.
    const range = options.jamId
      ? sql`AND messages_fts.rowid BETWEEN (SELECT min(rowid) FROM messages WHERE jam_id = ${options.jamId}) AND (SELECT max(rowid) FROM messages WHERE jam_id = ${options.jamId})`
      : sql``;
    const after = options.cursor;
    const score = sql`bm25(messages_fts)`;
    const keyset =
      after === undefined ? sql`` : sort === 'newest' ? sql`AND messages_fts.rowid < ${after.pos}` : sql`AND (${score} > ${after.score ?? 0} OR (${score} = ${after.score ?? 0} AND messages_fts.rowid < ${after.pos}))`;
    const order = sort === 'newest' ? sql`messages_fts.rowid DESC` : sql`score, messages_fts.rowid DESC`;
    const page = sql`
      SELECT ${sql.raw(QUALIFIED.join(', '))}, messages_fts.rowid AS pos, ${sort === 'newest' ? sql`0` : score} AS score
      FROM messages_fts JOIN messages ON messages.rowid = messages_fts.rowid
      WHERE messages_fts MATCH ${match} ${range} ${keyset} AND messages.hidden = 0 ${sql.join(this.#filters(options), sql` `)}
      ORDER BY ${order} LIMIT ${take}`;
    const { rows } = await this.#withContext(page, sort === 'newest' ? sql`page.pos DESC` : sql`page.score, page.pos DESC`).execute(this.db);
    return rows;
  }

  async #searchPostgres(terms: string[], sort: SearchSort, options: SearchOptions, take: number): Promise<RawSearchRow[] | null> {
    const words = terms.map((t) => t.replace(/[^\p{L}\p{N}_]/gu, '')).filter((t) => t !== '');
    const tsquery = words.map((t, i) => (i === words.length - 1 ? `${t}:*` : t)).join(' & ');
    if (!tsquery) return null;
    const q = sql`to_tsquery('simple', ${tsquery})`;
    // float8, so the score read back into a cursor compares equal to the one computed again.
    const score = sql`ts_rank(messages.search, ${q})::float8`;
    // After other words, a typed prefix is looked up by its first four letters among the word
    // starts (022), which GIN intersects with the words in one scan, and ts_match_vq (@@ that no
    // index takes) keeps the rows whose word really starts so. Only plain ASCII letters, whose one
    // token and lower case are the same here and in PostgreSQL. A prefix alone stays as it was: the
    // planner walks `pos` for a common one, and GIN expands a rare one cheaply.
    const prefix = words.at(-1)!;
    const start = words.length > 1 && /^[A-Za-z]{4,}$/.test(prefix) ? prefix.slice(0, 4).toLowerCase() : null;
    const match =
      start === null
        ? sql`messages.search @@ ${q}`
        : sql`messages.search @@ to_tsquery('simple', ${words.slice(0, -1).join(' & ')}) AND messages.search_starts @@ ${start}::tsquery AND ts_match_vq(messages.search, ${q})`;
    const after = options.cursor;
    const keyset =
      after === undefined ? sql`` : sort === 'newest' ? sql`AND messages.pos < ${after.pos}` : sql`AND (${score} < ${after.score ?? 0} OR (${score} = ${after.score ?? 0} AND messages.pos < ${after.pos}))`;
    const order = sort === 'newest' ? sql`pos DESC` : sql`score DESC, pos DESC`;
    // The planner walks messages_pos backwards for a common word, the GIN index for a rare one.
    const page = sql`
      SELECT ${sql.raw(QUALIFIED.join(', '))}, messages.pos, ${sort === 'newest' ? sql`0::float8` : score} AS score
      FROM messages
      WHERE ${match} AND messages.hidden = 0 ${keyset} ${sql.join(this.#filters(options), sql` `)}
      ORDER BY ${order} LIMIT ${take}`;
    const { rows } = await this.#withContext(page, sort === 'newest' ? sql`page.pos DESC` : sql`page.score DESC, page.pos DESC`).execute(this.db);
    return rows;
  }
}

export type SearchSort = 'newest' | 'relevance';

/** Where the previous page ended: its last row's position (and score, for relevance). */
export interface SearchCursor {
  pos: number;
  score?: number;
}

export interface SearchOptions {
  jamId?: string;
  seriesId?: string;
  /** A member's messages (their account id). */
  authorId?: string;
  /** Messages under this handle, case-insensitively (bridged authors have no account). */
  authorHandle?: string;
  /** ISO instants: created at or after `from`, before `to`. */
  from?: string;
  to?: string;
  sort?: SearchSort;
  limit: number;
  cursor?: SearchCursor;
}

export interface SearchPage {
  rows: SearchRow[];
  /** The cursor for the next page; null when this page holds the last match. */
  next: SearchCursor | null;
}

type RawSearchRow = MessageRow & { pos: number | string; score: number; jam_slug: string; jam_title: string; jam_starts_at: string; jam_hashtag: string; question_text: string | null };

/** Words of a user's query, stripped of search-syntax characters so nothing they type is an operator. */
function toTerms(query: string): string[] {
  return query
    .normalize('NFC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12);
}
