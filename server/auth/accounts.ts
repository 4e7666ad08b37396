import { createHash, randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { SignUpWithProfileInput, UpdateProfileInput } from '../../shared/moderation.ts';
import { AppError, conflict } from '../errors.ts';
import type { Clock } from '../core/clock.ts';
import type { ReadCache } from '../core/readCache.ts';
import type { AuthEventMap, EventSink } from '../core/events.ts';
import { isUniqueViolation, type Store } from '../store/index.ts';
import type { UserRow } from '../store/users.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_DAYS = 30;
const DAY = 86_400_000;

/** A session token is shown to the client once; only its hash is stored (and names its sockets' room). */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Told when a session closes, so the realtime layer drops that session's sockets. */
    private readonly events?: EventSink<AuthEventMap>,
    /** Sessions read before, kept until a sign-out or change drops them (every socket event reads one). */
    private readonly kept?: ReadCache<UserRow>,
  ) {}

  async signUp(input: SignUpWithProfileInput): Promise<UserRow> {
    const user: UserRow = {
      id: nanoid(),
      handle: input.handle,
      handle_key: input.handle.toLowerCase(),
      display_name: input.displayName ?? input.handle,
      password_hash: await hashPassword(input.password),
      bio: input.bio ?? '',
      avatar_url: input.avatarUrl ?? null,
      created_at: this.clock.now().toISOString(),
    };
    try {
      await this.store.users.insert(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`the handle @${input.handle} is taken`, 'handle');
      throw error;
    }
    return user;
  }

  /** The user for a correct handle and password; the same error for a wrong handle or password. */
  async verify(handle: string, password: string): Promise<UserRow> {
    const user = await this.store.users.byHandle(handle);
    const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user || !ok) throw new AppError('unauthenticated', 'wrong handle or password');
    // Only after the password: a suspension is no one else's business.
    const suspension = await this.store.admin.suspensionOf(user.id);
    if (suspension) throw new AppError('forbidden', `this account is suspended by the site's operators: ${suspension.reason}`);
    return user;
  }

  async openSession(user: UserRow): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY);
    await this.store.users.insertSession({ id: tokenId(token), user_id: user.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString() });
    return { token, expiresAt };
  }

  async userForToken(token: string | undefined): Promise<UserRow | null> {
    if (!token || token.length > 200) return null;
    const sessionId = tokenId(token);
    const load = async () => {
      const found = await this.store.users.session(sessionId, this.clock.now().toISOString());
      return found && { value: found.user, until: new Date(found.expiresAt).getTime() };
    };
    return (this.kept ? await this.kept.read(sessionId, load) : (await load())?.value) ?? null;
  }

  async closeSession(token: string): Promise<void> {
    const sessionId = tokenId(token);
    await this.store.users.deleteSession(sessionId);
    this.events?.emit('session:closed', { sessionId });
  }

  /** Display name, bio and avatar; the handle never changes (messages and mentions point at it). */
  async updateProfile(user: UserRow, input: UpdateProfileInput): Promise<UserRow> {
    await this.store.users.updateProfile(user.id, {
      ...(input.displayName !== undefined && { display_name: input.displayName }),
      ...(input.bio !== undefined && { bio: input.bio }),
      ...(input.avatarUrl !== undefined && { avatar_url: input.avatarUrl }),
    });
    this.events?.emit('user:updated', { userId: user.id });
    return (await this.store.users.byId(user.id))!;
  }
}
