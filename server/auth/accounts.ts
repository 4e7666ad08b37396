import { createHash, randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { SignUpInput } from '../../shared/schemas.ts';
import { AppError, conflict } from '../errors.ts';
import type { Clock } from '../jams/clock.ts';
import { isUniqueViolation, type Store } from '../store/index.ts';
import type { UserRow } from '../store/users.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_DAYS = 30;
const DAY = 86_400_000;

/** A session token is shown to the client once; only its hash is stored. */
const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async signUp(input: SignUpInput): Promise<UserRow> {
    const user: UserRow = {
      id: nanoid(),
      handle: input.handle,
      handle_key: input.handle.toLowerCase(),
      display_name: input.displayName ?? input.handle,
      password_hash: await hashPassword(input.password),
      bio: '',
      avatar_url: null,
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
    return (await this.store.users.bySession(tokenId(token), this.clock.now().toISOString())) ?? null;
  }

  async closeSession(token: string): Promise<void> {
    await this.store.users.deleteSession(tokenId(token));
  }
}
