import { nanoid } from 'nanoid';
import type { AdminSeriesView, EscalatedReportView, EscalationReason, SiteLogAction, SiteLogEntryView, SuspendAccountInput, SuspensionView } from '../../shared/admin.ts';
import { conflict, forbidden, notFound, unauthenticated } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import type { AuditLog } from '../moderation/audit.ts';
import { presentMessage } from '../presenters.ts';
import type { SiteLogRow } from '../store/admin.ts';
import type { UserRow } from '../store/users.ts';

const DAY = 86_400_000;
/** A series with no jam for this long and none scheduled is offered for take-over. */
const ABANDONED_AFTER_DAYS = 90;
/** Reports open this long have waited on the hosts long enough. */
const STALE_REPORT_HOURS = 24;
/** This many people reporting one message is more than one jam's hosts should weigh alone. */
const CROWD = 3;

/**
 * The site operator's powers (ADMIN_HANDLES). Operators are ordinary accounts everywhere else:
 * inside a series they act only after taking it over, which the series' audit log records.
 */
export class SiteAdmin {
  readonly #handles: Set<string>;

  constructor(
    private readonly deps: Deps,
    private readonly audit: AuditLog,
    handles: string[],
  ) {
    this.#handles = new Set(handles.map((h) => h.toLowerCase()));
  }

  isSiteAdmin(user: UserRow | null): boolean {
    return user !== null && this.#handles.has(user.handle_key);
  }

  /** Throws unauthenticated for nobody, forbidden for anyone not named in ADMIN_HANDLES. */
  assertAdmin(user: UserRow | null): UserRow {
    if (!user) throw unauthenticated();
    if (!this.isSiteAdmin(user)) throw forbidden('only site operators (ADMIN_HANDLES) can do this');
    return user;
  }

  async series(actor: UserRow | null): Promise<AdminSeriesView[]> {
    this.assertAdmin(actor);
    const now = this.deps.clock.now();
    const [rows, suspended] = await Promise.all([this.deps.store.admin.seriesOverview(now.toISOString()), this.suspendedIds()]);
    const quietSince = new Date(now.getTime() - ABANDONED_AFTER_DAYS * DAY).toISOString();
    return rows.map((row) => {
      const ownerSuspended = suspended.has(row.owner_id);
      const lastActivity = row.last_start ?? row.created_at;
      return {
        slug: row.slug,
        name: row.name,
        hashtag: row.hashtag,
        owner: { handle: row.owner_handle, displayName: row.owner_name, suspended: ownerSuspended },
        jamCount: Number(row.jam_count),
        lastJamAt: row.last_start,
        nextJamAt: row.next_start,
        createdAt: row.created_at,
        abandoned: ownerSuspended || (row.next_start === null && lastActivity < quietSince),
      };
    });
  }

  async suspensions(actor: UserRow | null): Promise<SuspensionView[]> {
    this.assertAdmin(actor);
    const rows = await this.deps.store.admin.suspensions();
    return rows.map((row) => ({ account: { handle: row.handle, displayName: row.display_name }, reason: row.reason, suspendedAt: row.suspended_at, suspendedBy: row.by_handle }));
  }

  /** Suspends an account site-wide: it cannot sign in, and every session (and socket) it had is closed. */
  async suspend(actor: UserRow | null, input: SuspendAccountInput): Promise<SuspensionView> {
    const admin = this.assertAdmin(actor);
    const target = await this.deps.store.users.byHandle(input.handle);
    if (!target) throw notFound(`account @${input.handle}`);
    if (this.isSiteAdmin(target)) throw conflict('site operators cannot be suspended here; remove them from ADMIN_HANDLES first', 'handle');
    if (await this.deps.store.admin.suspensionOf(target.id)) throw conflict(`@${target.handle} is already suspended`, 'handle');
    const at = this.deps.clock.now().toISOString();
    const closed = await this.deps.store.admin.suspend({ user_id: target.id, reason: input.reason, suspended_by: admin.id, suspended_at: at }, this.logEntry(admin, 'account.suspend', { target_user_id: target.id, reason: input.reason }));
    for (const sessionId of closed) this.deps.events.emit('session:closed', { sessionId });
    return { account: { handle: target.handle, displayName: target.display_name }, reason: input.reason, suspendedAt: at, suspendedBy: admin.handle };
  }

  async lift(actor: UserRow | null, handle: string): Promise<void> {
    const admin = this.assertAdmin(actor);
    const target = await this.deps.store.users.byHandle(handle);
    if (!target || !(await this.deps.store.admin.lift(target.id, this.logEntry(admin, 'account.unsuspend', { target_user_id: target.id })))) throw notFound(`a suspension of @${handle}`);
  }

  /** What operators did, newest first (the latest 200). */
  async log(actor: UserRow | null): Promise<SiteLogEntryView[]> {
    this.assertAdmin(actor);
    return (await this.deps.store.admin.siteLog(200)).map((row) => ({
      id: row.id,
      action: row.action,
      actor: row.actor_handle,
      account: row.target_handle ? { handle: row.target_handle, displayName: row.target_name ?? row.target_handle } : null,
      series: row.series_slug ? { slug: row.series_slug, name: row.series_name ?? row.series_slug } : null,
      reason: row.reason,
      at: row.created_at,
    }));
  }

  private logEntry(admin: UserRow, action: SiteLogAction, about: Partial<Pick<SiteLogRow, 'target_user_id' | 'series_id' | 'reason'>>): SiteLogRow {
    return { id: nanoid(), actor_id: admin.id, action, target_user_id: null, series_id: null, reason: null, created_at: this.deps.clock.now().toISOString(), ...about };
  }

  /** The operator becomes owner of the series (its previous owner stays as co-host); recorded in the series' audit log. */
  async takeOver(actor: UserRow | null, slug: string, reason: string): Promise<void> {
    const admin = this.assertAdmin(actor);
    const series = await this.deps.store.series.bySlug(slug);
    if (!series) throw notFound(`series ${slug}`);
    if (series.owner_id === admin.id) throw conflict(`you already own ${series.hashtag}`);
    await this.deps.store.admin.takeOver(series.id, series.owner_id, admin.id, this.deps.clock.now().toISOString(), this.logEntry(admin, 'series.take_over', { target_user_id: series.owner_id, series_id: series.id, reason }));
    await this.audit.record({ seriesId: series.id, actorId: admin.id, action: 'series.take_over', targetUserId: series.owner_id, reason });
    this.deps.events.emit('series:updated', { seriesSlug: series.slug });
  }

  async escalatedReports(actor: UserRow | null): Promise<EscalatedReportView[]> {
    this.assertAdmin(actor);
    const now = this.deps.clock.now().getTime();
    const staleBefore = new Date(now - STALE_REPORT_HOURS * 3_600_000).toISOString();
    const rows = await this.deps.store.admin.escalatedReports(staleBefore, CROWD);
    const views: EscalatedReportView[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      // One entry per message (its oldest open report); `reporters` says how many people flagged it.
      if (seen.has(row.message_id)) continue;
      seen.add(row.message_id);
      const [message, reporter, jam] = await Promise.all([this.deps.store.messages.byId(row.message_id), this.deps.store.users.byId(row.reporter_id), this.deps.store.jams.byId(row.jam_id)]);
      const series = jam && (await this.deps.store.series.byId(jam.series_id));
      if (!message || !reporter || !jam || !series) continue;
      const why: EscalationReason[] = [];
      if (row.created_at < staleBefore) why.push('stale');
      if (Number(row.reporters) >= CROWD) why.push('crowd');
      if (Number(row.author_is_host) > 0) why.push('host_author');
      views.push({
        id: row.id,
        jamSlug: jam.slug,
        message: presentMessage(message, jam.slug),
        reporter: { handle: reporter.handle, displayName: reporter.display_name },
        reason: row.reason,
        createdAt: row.created_at,
        series: { slug: series.slug, name: series.name },
        reporters: Number(row.reporters),
        why,
      });
    }
    return views;
  }

  private async suspendedIds(): Promise<Set<string>> {
    return new Set((await this.deps.store.admin.suspensions()).map((s) => s.user_id));
  }
}
