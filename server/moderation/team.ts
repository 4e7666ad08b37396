import { createHash, randomBytes } from 'node:crypto';
import type { InviteView } from '../../shared/moderation.ts';
import type { JamView, SeriesView } from '../../shared/model.ts';
import { AppError, conflict, forbidden, notFound } from '../errors.ts';
import { loadJamContext, roleIn, showOf, type JamContext } from '../jams/context.ts';
import type { Deps } from '../jams/deps.ts';
import type { JamService } from '../jams/jams.ts';
import type { SeriesService } from '../jams/series.ts';
import type { UserRow } from '../store/users.ts';
import { seriesAsHost, userByHandle } from './access.ts';
import type { AuditLog } from './audit.ts';
import type { Standing } from './standing.ts';

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
    const { series, hosts, host } = await seriesAsHost(this.deps, actor, seriesSlug, 'manage co-hosts');
    if (host.role !== 'owner') throw forbidden(`only the owner of ${series.hashtag} can add co-hosts`);
    const target = await userByHandle(this.deps, handle);
    if (hosts.some((h) => h.user_id === target.id)) throw conflict(`@${target.handle} already hosts ${series.hashtag}`, 'handle');
    await this.deps.store.series.addHost(series.id, target.id, this.deps.clock.now().toISOString());
    await this.audit.record({ seriesId: series.id, actorId: actor.id, action: 'series.cohost_add', targetUserId: target.id });
    return this.series.get(seriesSlug);
  }

  /** The owner removes a co-host; a co-host may step down. The owner cannot be removed. */
  async removeCohost(actor: UserRow, seriesSlug: string, handle: string): Promise<SeriesView> {
    const { series, hosts, host } = await seriesAsHost(this.deps, actor, seriesSlug, 'manage co-hosts');
    const target = hosts.find((h) => h.handle.toLowerCase() === handle.toLowerCase());
    if (!target) throw notFound(`co-host @${handle} of ${series.hashtag}`);
    if (target.role === 'owner') throw conflict(`@${target.handle} owns ${series.hashtag} and cannot be removed`, 'handle');
    if (host.role !== 'owner' && target.user_id !== actor.id) throw forbidden(`only the owner of ${series.hashtag} can remove co-hosts`);
    await this.deps.store.moderation.removeCohost(series.id, target.user_id);
    await this.audit.record({ seriesId: series.id, actorId: actor.id, action: 'series.cohost_remove', targetUserId: target.user_id });
    return this.series.get(seriesSlug);
  }

  async addPanelist(actor: UserRow, slug: string, handle: string): Promise<JamView> {
    const context = await this.asHost(actor, slug);
    const target = await userByHandle(this.deps, handle);
    await this.deps.store.moderation.addPanelist(context.jam.id, target.id);
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.panelist_add', targetUserId: target.id });
    return this.changed(context);
  }

  async removePanelist(actor: UserRow, slug: string, handle: string): Promise<JamView> {
    const context = await this.asHost(actor, slug);
    const target = context.panelists.find((p) => p.handle.toLowerCase() === handle.toLowerCase());
    if (!target) throw notFound(`panelist @${handle} of this jam`);
    await this.deps.store.moderation.removePanelist(context.jam.id, target.user_id);
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.panelist_remove', targetUserId: target.user_id });
    return this.changed(context);
  }

  /** An invite link: whoever opens it signed in becomes a panelist of the jam (up to `uses` people). */
  async createInvite(actor: UserRow, slug: string, options: { uses: number; days: number }): Promise<InviteView> {
    const context = await this.asHost(actor, slug);
    const token = randomBytes(24).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + options.days * DAY).toISOString();
    await this.deps.store.moderation.insertInvite({ id: inviteId(token), jam_id: context.jam.id, created_by: actor.id, created_at: now.toISOString(), expires_at: expiresAt, uses_left: options.uses });
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: actor.id, action: 'jam.invite_create', detail: { uses: options.uses, expiresAt } });
    return { token, url: `/jams/${context.jam.slug}?invite=${token}`, expiresAt, uses: options.uses };
  }

  async acceptInvite(user: UserRow, token: string): Promise<JamView> {
    const { store, clock } = this.deps;
    const invite = await store.moderation.inviteById(inviteId(token));
    if (!invite) throw notFound('invite');
    const jam = await store.jams.byId(invite.jam_id);
    if (!jam) throw notFound('invite');
    const context = await loadJamContext(store, jam.slug);
    if (roleIn(context, user.id) !== 'participant') return this.jams.viewOf(context);
    await this.standing.assertMay(context, user, 'post');
    if (showOf(context, clock.now()).status === 'ended') throw conflict('the jam has ended');
    if (!(await store.moderation.spendInvite(invite.id, clock.now().toISOString()))) throw new AppError('conflict', 'this invite has expired or been used up', 'invite');
    await store.moderation.addPanelist(jam.id, user.id);
    await this.audit.record({ seriesId: context.series.id, jamId: jam.id, actorId: user.id, action: 'jam.panelist_join', targetUserId: user.id, detail: { via: 'invite' } });
    return this.changed(context);
  }

  private async asHost(actor: UserRow, slug: string): Promise<JamContext> {
    const context = await loadJamContext(this.deps.store, slug);
    if (roleIn(context, actor.id) !== 'host') throw forbidden(`only hosts of ${context.series.hashtag} can manage panelists`);
    return context;
  }

  private async changed(context: JamContext): Promise<JamView> {
    const view = await this.jams.view(context.jam.slug);
    this.deps.events.emit('jam:updated', { jamId: context.jam.id, jamSlug: context.jam.slug, reason: 'edited', show: view.show });
    return view;
  }
}
