import { createHash, randomBytes } from 'node:crypto';
import type { InviteSummary } from '../../shared/console.ts';
import type { InviteView } from '../../shared/moderation.ts';
import type { JamView, PersonRef, SeriesView } from '../../shared/model.ts';
import { AppError, conflict, notFound } from '../errors.ts';
import { loadJamContext, loadJamContextFor, roleIn, showOf, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import type { SeriesService } from '../jams/series.ts';
import type { UserRow } from '../store/users.ts';
import { userByHandle } from './access.ts';
import type { AuditLog } from './audit.ts';
import type { Standing } from './standing.ts';
import { authorize, jamAllowing, seriesAllowing } from '../core/policy.ts';

const DAY = 86_400_000;
/** Invite tokens are shown once; only their hash is stored, like session tokens. */
const inviteId = (token: string) => createHash('sha256').update(token).digest('hex');

/** Who runs a series (owner, co-hosts) and who answers in a jam (panelists, by handle or invite link). */
export class Team {
  constructor(
    private readonly deps: Deps,
    private readonly series: SeriesService,
    private readonly jams: JamService,
    private readonly standing: Standing,
    private readonly audit: AuditLog,
  ) {}

  /** The owner makes someone a co-host: a host in every jam of the series. */
  async addCohost(actor: UserRow, seriesSlug: string, handle: string): Promise<SeriesView> {
    const { series, hosts } = await seriesAllowing(this.deps.store, actor, 'series:own', seriesSlug, 'add co-hosts');
    const target = await userByHandle(this.deps, handle);
    if (hosts.some((h) => h.user_id === target.id)) throw conflict(`@${target.handle} already hosts ${series.hashtag}`, 'handle');
    await this.deps.store.series.addHost(series.id, target.id, this.deps.clock.now().toISOString());
    await this.audit.record({ seriesId: series.id, actorId: actor.id, action: 'series.cohost_add', targetUserId: target.id });
    await this.hostsChanged(series.id);
    return this.series.get(seriesSlug);
  }

  /** The owner removes a co-host; a co-host may step down. The owner cannot be removed. */
  async removeCohost(actor: UserRow, seriesSlug: string, handle: string): Promise<SeriesView> {
    const access = await seriesAllowing(this.deps.store, actor, 'series:manage', seriesSlug, 'manage co-hosts');
    const { series, hosts } = access;
    const target = hosts.find((h) => h.handle.toLowerCase() === handle.toLowerCase());
    if (!target) throw notFound(`co-host @${handle} of ${series.hashtag}`);
    if (target.role === 'owner') throw conflict(`@${target.handle} owns ${series.hashtag} and cannot be removed`, 'handle');
    // A co-host may step down; only the owner removes others.
    if (target.user_id !== actor.id) authorize(actor, 'series:own', access, 'remove co-hosts');
    await this.deps.store.moderation.removeCohost(series.id, target.user_id);
    await this.audit.record({ seriesId: series.id, actorId: actor.id, action: 'series.cohost_remove', targetUserId: target.user_id });
    await this.hostsChanged(series.id);
    return this.series.get(seriesSlug);
  }

  async addPanelist(actor: UserRow, slug: string, handle: string): Promise<JamView> {
    const context = await jamAllowing(this.deps.store, actor, 'jam:host', slug, 'manage panelists');
    const target = await userByHandle(this.deps, handle);
    await this.deps.store.moderation.addPanelist(context.jam.id, target.id);
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.panelist_add', targetUserId: target.id });
    return this.changed(context, actor);
  }

  async removePanelist(actor: UserRow, slug: string, handle: string): Promise<JamView> {
    const context = await jamAllowing(this.deps.store, actor, 'jam:host', slug, 'manage panelists');
    const target = context.panelists.find((p) => p.handle.toLowerCase() === handle.toLowerCase());
    if (!target) throw notFound(`panelist @${handle} of this jam`);
    await this.deps.store.moderation.removePanelist(context.jam.id, target.user_id);
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.panelist_remove', targetUserId: target.user_id });
    return this.changed(context, actor);
  }

  /** An invite link: whoever opens it signed in becomes a panelist of the jam (up to `uses` people). */
  async createInvite(actor: UserRow, slug: string, options: { uses: number; days: number }): Promise<InviteView> {
    const context = await jamAllowing(this.deps.store, actor, 'jam:host', slug, 'manage panelists');
    const token = randomBytes(24).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + options.days * DAY).toISOString();
    await this.deps.store.moderation.insertInvite({ id: inviteId(token), jam_id: context.jam.id, created_by: actor.id, created_at: now.toISOString(), expires_at: expiresAt, uses_left: options.uses });
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.invite_create', detail: { uses: options.uses, expiresAt } });
    return { id: inviteId(token), token, url: `/invites/${token}`, expiresAt, uses: options.uses };
  }

  async acceptInvite(user: UserRow, token: string): Promise<JamView> {
    const { store, clock } = this.deps;
    const invite = await store.moderation.inviteById(inviteId(token));
    if (!invite) throw notFound('invite');
    const jam = await store.jams.byId(invite.jam_id);
    if (!jam) throw notFound('invite');
    const context = await loadJamContext(store, jam.slug);
    if (roleIn(context, user.id) !== 'participant') return this.jams.viewOf(context, user);
    await this.standing.assertMay(context, user, 'post');
    if (showOf(context, clock.now()).status === 'ended') throw conflict('the jam has ended');
    if (!(await store.moderation.spendInvite(invite.id, clock.now().toISOString()))) throw new AppError('conflict', 'this invite has expired or been used up', 'invite');
    await store.moderation.addPanelist(jam.id, user.id);
    await this.audit.record({ seriesId: context.series.id, jamId: jam.id, actorId: user.id, action: 'jam.panelist_join', targetUserId: user.id, detail: { via: 'invite', invite: invite.id } });
    return this.changed(context, user);
  }

  /** A jam's open invite links (the links themselves were shown once) and who joined through each. */
  async invites(actor: UserRow, slug: string): Promise<InviteSummary[]> {
    const context = await jamAllowing(this.deps.store, actor, 'jam:host', slug, 'manage panelists');
    const { store } = this.deps;
    const [invites, joins] = await Promise.all([store.moderation.invitesOf(context.jam.id), store.moderation.logOfJam(context.jam.id, 'jam.panelist_join')]);
    const people = new Map<string, PersonRef>();
    for (const id of new Set([...invites.map((i) => i.created_by), ...joins.map((j) => j.actor_id)])) {
      const user = await store.users.byId(id);
      if (user) people.set(id, { handle: user.handle, displayName: user.display_name });
    }
    const inviteOf = (detail: string | null) => (detail ? (JSON.parse(detail) as { invite?: string }).invite : undefined);
    return invites.map((invite) => ({
      id: invite.id,
      createdAt: invite.created_at,
      expiresAt: invite.expires_at,
      usesLeft: Number(invite.uses_left),
      createdBy: people.get(invite.created_by) ?? null,
      acceptedBy: joins.filter((j) => inviteOf(j.detail) === invite.id).flatMap((j) => people.get(j.actor_id) ?? []),
    }));
  }

  /** Revokes an invite link: nobody else can join through it. Who already joined stays a panelist. */
  async revokeInvite(actor: UserRow, slug: string, id: string): Promise<void> {
    const context = await jamAllowing(this.deps.store, actor, 'jam:host', slug, 'manage panelists');
    if (!(await this.deps.store.moderation.deleteInvite(context.jam.id, id))) throw notFound('invite');
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.invite_revoke', detail: { invite: id } });
  }


  /** Every jam of the series not yet over learns its hosts changed (viewers re-read roles; caches drop). */
  private async hostsChanged(seriesId: string): Promise<void> {
    const now = this.deps.clock.now();
    for (const jam of await this.deps.store.jams.list({ seriesId, limit: 200 })) {
      if (jam.announced_status === 'ended') continue;
      const context = await loadJamContextFor(this.deps.store, jam);
      this.deps.events.emit('jam:updated', { jamId: jam.id, jamSlug: jam.slug, reason: 'edited', show: showOf(context, now) });
      this.deps.events.emit('jam:hosts-changed', { jamId: jam.id, jamSlug: jam.slug });
    }
  }

  private async changed(context: JamContext, reader: UserRow): Promise<JamView> {
    const view = await this.jams.view(context.jam.slug, reader);
    this.deps.events.emit('jam:updated', { jamId: context.jam.id, jamSlug: context.jam.slug, reason: 'edited', show: view.show });
    return view;
  }
}
