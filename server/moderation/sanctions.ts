import { nanoid } from 'nanoid';
import type { LiftSanctionInput, SanctionInput, SanctionView } from '../../shared/moderation.ts';
import type { PersonRef } from '../../shared/model.ts';
import { forbidden } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { SanctionRow } from '../store/moderation.ts';
import type { UserRow } from '../store/users.ts';
import { jamScope, userByHandle } from './access.ts';
import type { AuditLog } from './audit.ts';
import { seriesAllowing } from '../core/policy.ts';

/**
 * Hosts mute (no posting) or ban (no writing at all) a person for one jam or a whole series.
 * Enforcement lives in Standing, consulted on every write, so an open socket feels it at once.
 */
export class Sanctions {
  constructor(
    private readonly deps: Deps,
    private readonly audit: AuditLog,
  ) {}

  async impose(actor: UserRow, seriesSlug: string, input: SanctionInput): Promise<SanctionView> {
    const { series, hosts } = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, `${input.kind} people`);
    const target = await userByHandle(this.deps, input.handle);
    if (hosts.some((h) => h.user_id === target.id)) throw forbidden(`@${target.handle} hosts ${series.hashtag}; hosts cannot be muted or banned`);
    const jamId = await jamScope(this.deps, series, input.jam);
    const now = this.deps.clock.now();
    const row: SanctionRow = {
      id: nanoid(),
      series_id: series.id,
      jam_id: jamId,
      user_id: target.id,
      kind: input.kind,
      reason: input.reason ?? null,
      by_user_id: actor.id,
      created_at: now.toISOString(),
      expires_at: input.minutes ? new Date(now.getTime() + input.minutes * 60_000).toISOString() : null,
      lifted_at: null,
    };
    await this.changingStanding(target.id, series.id, () => this.deps.store.moderation.insertSanction(row));
    await this.audit.record({
      seriesId: series.id,
      jamId,
      actorId: actor.id,
      action: `user.${input.kind}`,
      targetUserId: target.id,
      reason: input.reason,
      detail: { scope: jamId ? 'jam' : 'series', ...(input.minutes ? { minutes: input.minutes } : {}) },
    });
    return this.present(row, new Map([[target.id, target], [actor.id, actor]]), input.jam ?? null);
  }

  /** Lifts the person's sanctions of that kind in that scope (the series, or one jam). */
  async lift(actor: UserRow, seriesSlug: string, input: LiftSanctionInput): Promise<{ lifted: number }> {
    const { series } = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, `un${input.kind} people`);
    const target = await userByHandle(this.deps, input.handle);
    const jamId = await jamScope(this.deps, series, input.jam);
    const lifted = await this.changingStanding(target.id, series.id, () => this.deps.store.moderation.liftSanctions(target.id, series.id, jamId, input.kind, this.deps.clock.now().toISOString()));
    if (lifted > 0) {
      await this.audit.record({ seriesId: series.id, jamId, actorId: actor.id, action: `user.un${input.kind}`, targetUserId: target.id, detail: { scope: jamId ? 'jam' : 'series' } });
    }
    return { lifted };
  }

  /** Runs a sanction write, then tells whoever keeps standing reads, even when the write failed (it may have committed). */
  private async changingStanding<T>(userId: string, seriesId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } finally {
      this.deps.events.emit('standing:changed', { userId, seriesId });
    }
  }

  /** Sanctions in force across the series and its jams. */
  async list(actor: UserRow, seriesSlug: string): Promise<SanctionView[]> {
    const { series } = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, 'see sanctions');
    const rows = await this.deps.store.moderation.seriesSanctions(series.id, this.deps.clock.now().toISOString());
    const users = new Map<string, UserRow>();
    for (const id of new Set(rows.flatMap((r) => [r.user_id, r.by_user_id]))) {
      const user = await this.deps.store.users.byId(id);
      if (user) users.set(id, user);
    }
    const jams = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.jam_id).filter((jamId): jamId is string => jamId !== null))) {
      jams.set(id, (await this.deps.store.jams.byId(id))?.slug ?? '');
    }
    return rows.map((row) => this.present(row, users, row.jam_id ? (jams.get(row.jam_id) ?? null) : null));
  }

  private present(row: SanctionRow, users: Map<string, UserRow>, jamSlug: string | null): SanctionView {
    const ref = (id: string): PersonRef | null => {
      const u = users.get(id);
      return u ? { handle: u.handle, displayName: u.display_name } : null;
    };
    return {
      id: row.id,
      kind: row.kind,
      user: ref(row.user_id) ?? { handle: '', displayName: '' },
      jamSlug,
      reason: row.reason,
      by: ref(row.by_user_id),
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }
}
