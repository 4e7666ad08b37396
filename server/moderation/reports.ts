import { nanoid } from 'nanoid';
import type { ModerationQueueView, ReportView } from '../../shared/moderation.ts';
import type { PersonRef } from '../../shared/model.ts';
import { notFound } from '../errors.ts';
import { loadJamContext, messageIn, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import { presentMessage } from '../presenters.ts';
import type { ReportRow } from '../store/moderation.ts';
import type { UserRow } from '../store/users.ts';
import type { AuditLog } from './audit.ts';
import type { Standing } from './standing.ts';
import { jamAllowing } from '../core/policy.ts';

/** Reports from participants and held first posts: the hosts' moderation queue for one jam. */
export class ModerationQueue {
  constructor(
    private readonly deps: Deps,
    private readonly standing: Standing,
    private readonly audit: AuditLog,
  ) {}

  /** Reports a visible message to the hosts. `reported` is false when this user had already reported it. */
  async report(user: UserRow, slug: string, id: string, reason: string): Promise<{ reported: boolean }> {
    const context = await loadJamContext(this.deps.store, slug);
    await this.standing.assertMay(context, user, 'report');
    const target = await messageIn(this.deps.store, context, id);
    if (target.hidden) throw notFound(`message ${id}`);
    const row: ReportRow = {
      id: nanoid(),
      jam_id: context.jam.id,
      message_id: id,
      reporter_id: user.id,
      reason,
      created_at: this.deps.clock.now().toISOString(),
      resolved_at: null,
      resolved_by: null,
      resolution: null,
    };
    const reported = await this.deps.store.moderation.insertReport(row);
    if (reported) {
      const [report] = await this.present(context, [row]);
      if (report) this.deps.events.emit('message:reported', { jamId: context.jam.id, jamSlug: slug, report });
    }
    return { reported };
  }

  async queue(user: UserRow, slug: string): Promise<ModerationQueueView> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'see the moderation queue');
    const [held, reports, hidden] = await Promise.all([this.deps.store.moderation.held(context.jam.id), this.deps.store.moderation.openReports(context.jam.id), this.deps.store.moderation.hiddenOf(context.jam.id)]);
    const hiders = new Map<string, PersonRef>();
    for (const hiderId of new Set(hidden.flatMap((h) => h.hide?.actor_id ?? []))) {
      const hider = await this.deps.store.users.byId(hiderId);
      if (hider) hiders.set(hiderId, { handle: hider.handle, displayName: hider.display_name });
    }
    return {
      held: held.map((row) => presentMessage(row, slug)),
      reports: await this.present(context, reports),
      hidden: hidden.map(({ row, hide }) => ({
        message: presentMessage(row, slug),
        reason: row.hidden_reason,
        hiddenBy: hide ? (hiders.get(hide.actor_id) ?? null) : null,
        hiddenAt: hide?.created_at ?? null,
      })),
      slowModeSec: context.jam.slow_mode_sec,
      premoderation: context.jam.premoderation === 1,
    };
  }

  /** Closes a report without acting on the message. */
  async dismiss(user: UserRow, slug: string, reportId: string): Promise<void> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'see the moderation queue');
    const report = await this.deps.store.moderation.reportById(reportId);
    if (!report || report.jam_id !== context.jam.id) throw notFound(`report ${reportId}`);
    await this.deps.store.moderation.resolveReport(reportId, 'dismissed', user.id, this.deps.clock.now().toISOString());
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: 'report.dismiss', targetUserId: report.reporter_id, messageId: report.message_id, detail: { reportId } });
  }

  private async present(context: JamContext, rows: ReportRow[]): Promise<ReportView[]> {
    const views: ReportView[] = [];
    for (const row of rows) {
      const [message, reporter] = await Promise.all([this.deps.store.messages.byId(row.message_id), this.deps.store.users.byId(row.reporter_id)]);
      if (!message || !reporter) continue;
      views.push({
        id: row.id,
        jamSlug: context.jam.slug,
        message: presentMessage(message, context.jam.slug),
        reporter: { handle: reporter.handle, displayName: reporter.display_name },
        reason: row.reason,
        createdAt: row.created_at,
      });
    }
    return views;
  }

}
