import type { JamModerationInput } from '../../shared/moderation.ts';
import type { MessageView } from '../../shared/model.ts';
import type { ModerationAction } from '../../shared/model.ts';
import { conflict } from '../errors.ts';
import type { AuditLog } from './audit.ts';
import type { Standing } from './standing.ts';
import { presentMessage } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContext, messageIn, showOf } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import { authorize, jamAllowing } from '../core/policy.ts';

/**
 * Hosts feature, hide, approve and delete messages, and set a jam's slow mode and pre-moderation.
 * A hidden or deleted message vanishes from every viewer (message:hidden) and every export.
 * Every action lands in the audit log.
 */
export class Moderation {
  constructor(
    private readonly deps: Deps,
    private readonly audit: AuditLog,
    private readonly standing: Standing,
  ) {}

  async moderate(user: UserRow, slug: string, id: string, action: ModerationAction, reason?: string): Promise<MessageView> {
    const { store, events } = this.deps;
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, `${action} messages`);
    const target = await messageIn(this.deps.store, context, id);
    // Un-hiding a held message is approving it: it must get a fresh seq and be announced.
    if (action === 'unhide' && target.held === 1) return this.approve(user, slug, id);
    const flags =
      action === 'hide' ? { hidden: 1, hidden_reason: reason ?? null } : action === 'unhide' ? { hidden: 0, hidden_reason: null } : { featured: action === 'feature' ? 1 : 0 };
    const row = (await store.messages.setFlags(id, flags))!;
    const now = this.deps.clock.now().toISOString();
    if (action === 'hide') await store.moderation.resolveReportsOf(id, 'hidden', user.id, now);
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: `message.${action}`, targetUserId: target.author_id, messageId: id, reason });
    const message = presentMessage(row, slug);
    const base = { jamId: context.jam.id, jamSlug: slug };
    if (action === 'hide') events.emit('message:hidden', { ...base, id });
    // Featuring a hidden (or held) message must not broadcast its text to everyone.
    else if (row.hidden === 0) events.emit('message:updated', { ...base, message });
    return message;
  }

  /** Publishes a held message: it takes the jam's next seq and is announced to everyone now. */
  async approve(user: UserRow, slug: string, id: string): Promise<MessageView> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'approve messages');
    const target = await messageIn(this.deps.store, context, id);
    if (target.held !== 1) throw conflict('that message is not awaiting approval');
    const row = await this.deps.store.moderation.approve(context.jam.id, id);
    if (!row) throw conflict('that message is not awaiting approval');
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: 'message.approve', targetUserId: target.author_id, messageId: id });
    const message = presentMessage(row, slug);
    this.deps.events.emit('message:created', { jamId: context.jam.id, jamSlug: slug, message });
    return message;
  }

  /** Deletes a message for good (hosts: any; authors: their own). Replies to it stay, as threads of their own. */
  async delete(user: UserRow, slug: string, id: string, reason?: string): Promise<void> {
    const { store, events } = this.deps;
    const context = await loadJamContext(store, slug);
    const target = await messageIn(this.deps.store, context, id);
    await this.standing.assertMay(context, user, 'delete');
    if (target.author_id !== user.id) authorize(user, 'jam:host', context, "delete others' messages");
    await store.moderation.deleteMessage(id);
    await this.audit.record({
      seriesId: context.series.id,
      jamId: context.jam.id,
      actorId: user.id,
      action: 'message.delete',
      targetUserId: target.author_id,
      messageId: id,
      reason,
      detail: { author: target.author_handle, own: target.author_id === user.id },
    });
    events.emit('message:hidden', { jamId: context.jam.id, jamSlug: slug, id });
  }

  /** Slow mode and pre-moderation of one jam. */
  async configure(user: UserRow, slug: string, input: JamModerationInput): Promise<{ slowModeSec: number; premoderation: boolean }> {
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'configure moderation');
    const changes = {
      ...(input.slowModeSec !== undefined && { slow_mode_sec: input.slowModeSec }),
      ...(input.premoderation !== undefined && { premoderation: input.premoderation ? 1 : 0 }),
    };
    await this.deps.store.moderation.setJamModeration(context.jam.id, changes);
    const result = { slowModeSec: input.slowModeSec ?? context.jam.slow_mode_sec, premoderation: input.premoderation ?? context.jam.premoderation === 1 };
    if (Object.keys(changes).length > 0) {
      await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: 'jam.moderation', detail: result });
      // Viewers re-read the jam (slow mode shows in the composer); cached contexts are dropped.
      this.deps.events.emit('jam:updated', { jamId: context.jam.id, jamSlug: slug, reason: 'edited', show: showOf(context, this.deps.clock.now()) });
    }
    return result;
  }

}
