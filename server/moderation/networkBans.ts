import { nanoid } from 'nanoid';
import type { BridgedSource, LiftNetworkBanInput, NetworkBanInput, NetworkBanView } from '../../shared/moderation.ts';
import type { PersonRef } from '../../shared/model.ts';
import { invalidInput } from '../errors.ts';
import type { JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { NetworkBanRow } from '../store/moderation.ts';
import type { UserRow } from '../store/users.ts';
import { seriesAllowing } from '../core/policy.ts';
import { jamScope } from './access.ts';
import type { AuditLog } from './audit.ts';

/**
 * Bans of people who post through a bridge (X, Bluesky, Mastodon) and so have no account here:
 * named by network and the network's stable author id, for a series or one of its jams, with a
 * duration and a reason that go to the audit log like native sanctions. Enforced where every
 * network's posts come in (bridge/shape/ingest.ts): a banned author's later posts are never stored.
 */
export class NetworkBans {
  constructor(
    private readonly deps: Deps,
    private readonly audit: AuditLog,
  ) {}

  /** Bans the author of a bridged message of the series. */
  async impose(actor: UserRow, seriesSlug: string, input: NetworkBanInput): Promise<NetworkBanView> {
    const { series } = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, 'ban people');
    const message = await this.deps.store.messages.byId(input.message);
    const jamOfMessage = message && (await this.deps.store.jams.byId(message.jam_id));
    if (!message || jamOfMessage?.series_id !== series.id) throw invalidInput(`no message ${input.message} in ${series.hashtag}`, 'message');
    if (message.source === 'native') throw invalidInput('this message was posted here, not through a bridge: ban its author by handle', 'message');
    if (!message.external_author_id) throw invalidInput('this message came in before bridged authors could be banned; ban the author from one of their newer posts', 'message');
    const jamId = await jamScope(this.deps, series, input.jam);
    const now = this.deps.clock.now();
    const row: NetworkBanRow = {
      id: nanoid(),
      series_id: series.id,
      jam_id: jamId,
      network: message.source,
      author_id: message.external_author_id,
      author_handle: message.author_handle,
      author_name: message.author_name,
      reason: input.reason ?? null,
      by_user_id: actor.id,
      created_at: now.toISOString(),
      expires_at: input.minutes ? new Date(now.getTime() + input.minutes * 60_000).toISOString() : null,
      lifted_at: null,
    };
    await this.deps.store.moderation.insertNetworkBan(row);
    await this.audit.record({
      seriesId: series.id,
      jamId,
      actorId: actor.id,
      action: 'network_author.ban',
      messageId: message.id,
      reason: input.reason,
      detail: { ...bridgedTarget(row), scope: jamId ? 'jam' : 'series', ...(input.minutes ? { minutes: input.minutes } : {}) },
    });
    return present(row, new Map([[actor.id, actor]]), input.jam ?? null);
  }

  /** Lifts the author's bans in that scope (the series, or one jam). */
  async lift(actor: UserRow, seriesSlug: string, input: LiftNetworkBanInput): Promise<{ lifted: number }> {
    const { series } = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, 'unban people');
    const jamId = await jamScope(this.deps, series, input.jam);
    const lifted = await this.deps.store.moderation.liftNetworkBans(series.id, input.network, input.authorId, jamId, this.deps.clock.now().toISOString());
    if (lifted[0]) {
      await this.audit.record({ seriesId: series.id, jamId, actorId: actor.id, action: 'network_author.unban', detail: { ...bridgedTarget(lifted[0]), scope: jamId ? 'jam' : 'series' } });
    }
    return { lifted: lifted.length };
  }

  /** Bridged authors banned across the series and its jams. */
  async list(actor: UserRow, seriesSlug: string): Promise<NetworkBanView[]> {
    const { series } = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, 'see bans');
    const rows = await this.deps.store.moderation.seriesNetworkBans(series.id, this.deps.clock.now().toISOString());
    const hosts = new Map<string, UserRow>();
    for (const id of new Set(rows.map((r) => r.by_user_id))) {
      const user = await this.deps.store.users.byId(id);
      if (user) hosts.set(id, user);
    }
    const jams = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.jam_id).filter((jamId): jamId is string => jamId !== null))) {
      jams.set(id, (await this.deps.store.jams.byId(id))?.slug ?? '');
    }
    return rows.map((row) => present(row, hosts, row.jam_id ? (jams.get(row.jam_id) ?? null) : null));
  }

  /** Which of these authors (ids on `network`) are banned in the jam now. */
  bannedAmong(context: JamContext, network: BridgedSource, authorIds: string[]): Promise<Set<string>> {
    return this.deps.store.moderation.bannedNetworkAuthors(context.series.id, context.jam.id, network, [...new Set(authorIds)], this.deps.clock.now().toISOString());
  }
}

/** Who an audit entry about a bridged author names (the audit log has no account to point at). */
function bridgedTarget(row: Pick<NetworkBanRow, 'network' | 'author_id' | 'author_handle' | 'author_name'>) {
  return { network: row.network, authorId: row.author_id, handle: row.author_handle, displayName: row.author_name };
}

/** The audit log's `target` for an entry about a bridged author, from its detail. */
export function bridgedAuditTarget(detail: Record<string, unknown> | null): PersonRef | null {
  if (!detail || typeof detail.network !== 'string' || typeof detail.handle !== 'string') return null;
  return { handle: detail.handle, displayName: typeof detail.displayName === 'string' ? detail.displayName : detail.handle };
}

function present(row: NetworkBanRow, users: Map<string, UserRow>, jamSlug: string | null): NetworkBanView {
  const by = users.get(row.by_user_id);
  return {
    id: row.id,
    network: row.network,
    authorId: row.author_id,
    author: { handle: row.author_handle, displayName: row.author_name },
    jamSlug,
    reason: row.reason,
    by: by ? { handle: by.handle, displayName: by.display_name } : null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
