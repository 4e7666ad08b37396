import type { AuditEntryView } from '../../shared/moderation.ts';
import type { PersonRef } from '../../shared/model.ts';
import { notFound } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { LogRow } from '../store/moderation.ts';
import type { UserRow } from '../store/users.ts';
import { bridgedAuditTarget } from './networkBans.ts';
import { seriesAllowing } from '../core/policy.ts';

export interface AuditEntry {
  seriesId: string;
  jamId?: string | null;
  actorId: string;
  /** message.hide, message.delete, user.ban, jam.slow_mode, series.cohost_add … */
  action: string;
  targetUserId?: string | null;
  messageId?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** The audit log: every moderation action, who did it, to whom, why. Hosts read it. */
export class AuditLog {
  constructor(private readonly deps: Deps) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.deps.store.moderation.log({
      series_id: entry.seriesId,
      jam_id: entry.jamId ?? null,
      actor_id: entry.actorId,
      action: entry.action,
      target_user_id: entry.targetUserId ?? null,
      message_id: entry.messageId ?? null,
      reason: entry.reason ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      created_at: this.deps.clock.now().toISOString(),
    });
  }

  /** The log of a series (optionally one of its jams), hosts only, newest first. */
  async list(user: UserRow, seriesSlug: string, query: { jam?: string; before?: number; limit: number }): Promise<AuditEntryView[]> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'read the audit log');
    let jamId: string | undefined;
    if (query.jam) {
      const jam = await this.deps.store.jams.bySlug(query.jam);
      if (!jam || jam.series_id !== series.id) throw notFound(`jam "${query.jam}" in ${series.hashtag}`);
      jamId = jam.id;
    }
    return this.present(await this.deps.store.moderation.logOf(series.id, { jamId, before: query.before, limit: query.limit }));
  }

  /** Entries with people and jams resolved for display. */
  private async present(rows: LogRow[]): Promise<AuditEntryView[]> {
    const { store } = this.deps;
    const userIds = [...new Set(rows.flatMap((r) => [r.actor_id, r.target_user_id]).filter((id): id is string => id !== null))];
    const people = new Map<string, PersonRef>();
    for (const id of userIds) {
      const user = await store.users.byId(id);
      if (user) people.set(id, { handle: user.handle, displayName: user.display_name });
    }
    const jamSlugs = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.jam_id).filter((jamId): jamId is string => jamId !== null))) {
      const jam = await store.jams.byId(id);
      if (jam) jamSlugs.set(id, jam.slug);
    }
    return rows.map((r) => {
      const detail = r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null;
      return {
        id: Number(r.id),
        action: r.action,
        actor: people.get(r.actor_id) ?? null,
        jamSlug: r.jam_id ? (jamSlugs.get(r.jam_id) ?? null) : null,
        // A bridged author has no account: the entry's detail names them.
        target: r.target_user_id ? (people.get(r.target_user_id) ?? null) : bridgedAuditTarget(detail),
        messageId: r.message_id,
        reason: r.reason,
        detail,
        createdAt: r.created_at,
      };
    });
  }
}
