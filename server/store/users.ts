import type { Kysely, Selectable } from 'kysely';
import { prepared } from './prepared.ts';
import type { Database, UsersTable } from './schema.ts';

export type UserRow = Selectable<UsersTable>;

export class UserRepo {
  /** Read on every socket event (the session is checked again each time), so compiled once. */
  readonly #bySession;

  constructor(private readonly db: Kysely<Database>) {
    this.#bySession = prepared<{ sessionId: string; now: string }, UserRow & { session_expires_at: string }>(db, (a) =>
      db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select('sessions.expires_at as session_expires_at')
        .where('sessions.id', '=', a.sessionId)
        .where('sessions.expires_at', '>', a.now),
    );
  }

  async insert(user: UserRow): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  byHandle(handle: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('handle_key', '=', handle.toLowerCase()).executeTakeFirst();
  }

  byId(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async byHandles(handles: string[]): Promise<UserRow[]> {
    if (handles.length === 0) return [];
    return this.db.selectFrom('users').selectAll().where('handle_key', 'in', handles.map((h) => h.toLowerCase())).execute();
  }

  async byIds(ids: string[]): Promise<UserRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
  }

  async updateProfile(id: string, changes: Partial<Pick<UserRow, 'display_name' | 'bio' | 'avatar_url'>>): Promise<void> {
    if (Object.keys(changes).length === 0) return;
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  async insertSession(session: { id: string; user_id: string; created_at: string; expires_at: string }): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  /** The user behind a live session token hash. */
  async bySession(sessionId: string, now: string): Promise<UserRow | undefined> {
    return (await this.session(sessionId, now))?.user;
  }

  /** A session in force: its user and when it expires. */
  async session(sessionId: string, now: string): Promise<{ user: UserRow; expiresAt: string } | undefined> {
    const found = (await this.#bySession({ sessionId, now }))[0];
    if (!found) return undefined;
    const { session_expires_at: expiresAt, ...user } = found;
    return { user, expiresAt };
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }
}
