import { createHash } from 'node:crypto';
import type { ViewerState } from '../../shared/moderation.ts';
import type { AuthorRole } from '../../shared/model.ts';
import { AppError, notFound } from '../errors.ts';
import { loadJamContext, roleIn, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { KeptReads } from '../core/readCache.ts';
import type { SanctionRow } from '../store/moderation.ts';
import type { UserRow } from '../store/users.ts';

/** Writes a participant makes in a jam; each is refused to the banned, posting also to the muted. */
export type WriteKind = 'post' | 'boost' | 'report' | 'delete';

/** The rules text a user accepted is remembered by hash: changed rules must be accepted again. */
export const rulesHash = (rules: string) => createHash('sha256').update(rules.trim()).digest('hex');

/** Slow-mode reservations older than this are forgotten. */
const RESERVATION_TTL_MS = 3_600_000;

/**
 * A person's standing in a jam, checked inside the domain so every edge (HTTP, sockets, later
 * bridges) gets the same answer on every call: a ban takes effect on the next write, wherever it
 * comes from. Hosts are never sanctioned and never slowed.
 */
export class Standing {
  /** Last accepted post per jam+user on this node, closing the race between two concurrent posts. */
  #reserved = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    /** Sanctions and rules acceptances read before, kept until a change of standing drops them. */
    private readonly kept?: KeptReads,
  ) {}

  async sanctions(context: JamContext, userId: string): Promise<{ muted: SanctionRow | null; banned: SanctionRow | null }> {
    const load = async () => {
      const value = await this.deps.store.moderation.activeSanctions(userId, context.series.id, context.jam.id, this.deps.clock.now().toISOString());
      // Kept until the first of them expires: then the set in force changes without a write.
      return { value, until: Math.min(...value.map((r) => (r.expires_at ? new Date(r.expires_at).getTime() : Infinity))) };
    };
    const rows = (this.kept ? await this.kept.sanctions.read(`${userId}:${context.series.id}:${context.jam.id}`, load) : (await load()).value) ?? [];
    return { muted: rows.find((r) => r.kind === 'mute') ?? null, banned: rows.find((r) => r.kind === 'ban') ?? null };
  }

  async acceptedRules(context: JamContext, userId: string): Promise<boolean> {
    if (!context.series.rules.trim()) return true;
    const load = async () => {
      const value = await this.deps.store.moderation.acceptedRulesHash(context.series.id, userId);
      return value === undefined ? undefined : { value };
    };
    const accepted = this.kept ? await this.kept.rules.read(`${userId}:${context.series.id}`, load) : (await load())?.value;
    return accepted === rulesHash(context.series.rules);
  }

  /** What GET /api/jams/:slug and jam:join tell the caller about themselves; null for lurkers. */
  async viewerOf(context: JamContext, user: UserRow | null): Promise<ViewerState | null> {
    const role = roleIn(context, user?.id ?? null);
    if (!user || role === 'lurker') return null;
    const host = context.hosts.find((h) => h.user_id === user.id);
    const [sanctions, accepted] = await Promise.all([role === 'host' ? null : this.sanctions(context, user.id), role === 'host' ? true : this.acceptedRules(context, user.id)]);
    return { role, hostRole: host?.role ?? null, acceptedRules: accepted, muted: !!sanctions?.muted, banned: !!sanctions?.banned };
  }

  async viewerIn(slug: string, user: UserRow | null): Promise<ViewerState | null> {
    return user ? this.viewerOf(await loadJamContext(this.deps.store, slug), user) : null;
  }

  async acceptRules(user: UserRow, seriesSlug: string): Promise<void> {
    const series = await this.deps.store.series.bySlug(seriesSlug);
    if (!series) throw notFound(`series "${seriesSlug}"`);
    await this.deps.store.moderation.acceptRules(series.id, user.id, rulesHash(series.rules), this.deps.clock.now().toISOString());
    this.deps.events.emit('standing:changed', { userId: user.id, seriesId: series.id });
  }

  /** Throws forbidden when a ban (any write) or a mute (posting) is in force. */
  async assertMay(context: JamContext, user: UserRow, kind: WriteKind): Promise<AuthorRole> {
    const role = roleIn(context, user.id);
    // Hosts cannot be muted or banned in their own series.
    if (role === 'host') return role;
    const { muted, banned } = await this.sanctions(context, user.id);
    const scope = (s: SanctionRow) => `${s.jam_id ? 'this jam' : context.series.hashtag}${s.expires_at ? ` until ${s.expires_at}` : ''}`;
    if (banned) throw new AppError('forbidden', `you are banned from ${scope(banned)}`, 'banned');
    if (muted && kind === 'post') throw new AppError('forbidden', `you are muted in ${scope(muted)}`, 'muted');
    return role;
  }

  /**
   * Everything that may stop or hold a post: sanctions, rules, slow mode, pre-moderation.
   * `release` undoes the slow-mode reservation when the write then fails, so a retry is not slowed.
   */
  async checkPost(context: JamContext, user: UserRow, clientId: string): Promise<{ hold: boolean; release: () => void }> {
    // Both reads at once: this runs on every post.
    const [role, accepted] = await Promise.all([this.assertMay(context, user, 'post'), this.acceptedRules(context, user.id)]);
    const none = { hold: false, release: () => {} };
    if (role === 'host') return none;
    if (!accepted) {
      throw new AppError('forbidden', `accept the rules of ${context.series.hashtag} before your first post`, 'rules');
    }
    if (role === 'panelist') return none;
    const release = await this.reserveSlowMode(context, user, clientId);
    const hold = context.jam.premoderation === 1 && !(await this.deps.store.moderation.hasPublished(context.series.id, user.id));
    return { hold, release };
  }

  private async reserveSlowMode(context: JamContext, user: UserRow, clientId: string): Promise<() => void> {
    const seconds = context.jam.slow_mode_sec;
    if (seconds <= 0) return () => {};
    const key = `${context.jam.id}:${user.id}`;
    const now = this.deps.clock.now().getTime();
    const stored = await this.deps.store.moderation.lastPostAt(context.jam.id, user.id);
    const last = Math.max(stored ? Date.parse(stored) : 0, this.#reserved.get(key) ?? 0);
    const wait = last + seconds * 1000 - now;
    if (wait > 0) {
      // A resend of a stored post is not a new post: let it through to be answered as the duplicate it is.
      if (await this.deps.store.messages.byClientId(context.jam.id, clientId)) return () => {};
      const retryAfter = Math.ceil(wait / 1000);
      throw new AppError('rate_limited', `slow mode: one post every ${seconds} s; try again in ${retryAfter} s`, 'slowMode', retryAfter);
    }
    this.prune(now);
    const previous = this.#reserved.get(key);
    this.#reserved.set(key, now);
    return () => {
      if (this.#reserved.get(key) !== now) return;
      if (previous === undefined) this.#reserved.delete(key);
      else this.#reserved.set(key, previous);
    };
  }

  private prune(now: number): void {
    if (this.#reserved.size < 10_000) return;
    for (const [key, at] of this.#reserved) if (now - at > RESERVATION_TTL_MS) this.#reserved.delete(key);
  }
}
