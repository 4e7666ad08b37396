import type { AudienceQuestionView } from '../../shared/interaction.ts';
import type { QuestionView } from '../../shared/model.ts';
import { conflict } from '../errors.ts';
import { loadJamContextFor, showOf } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { ShowRunner } from '../jams/showRunner.ts';
import type { AuditLog } from '../moderation/audit.ts';
import { presentQuestions } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import type { AudienceQuestions } from './audience.ts';
import { jamAllowing } from '../core/policy.ts';

/**
 * Promoting an audience question into the run of show as the next question, credited to its
 * author. Recorded as a "promote" show action (with the text and credit), so the show stays
 * derived from persisted facts (deriveShow); the wake-ups are re-planned since later questions move.
 */
export class Promotion {
  constructor(
    private readonly deps: Deps,
    private readonly audience: AudienceQuestions,
    private readonly show: ShowRunner,
    private readonly audit: AuditLog,
  ) {}

  async promote(user: UserRow, slug: string, id: string): Promise<{ question: AudienceQuestionView; runOfShow: QuestionView }> {
    const { store, clock, events } = this.deps;
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'moderate audience questions');
    const target = await this.audience.questionIn(context, id);
    if (target.held === 1 || target.status === 'hidden' || target.status === 'merged') throw conflict(`a question ${target.held ? 'awaiting approval' : target.status} cannot be promoted`);
    if (context.actions.some((a) => a.kind === 'promote' && a.ref_id === id)) throw conflict('that question is already in the run of show');
    const now = clock.now();
    const show = showOf(context, now);
    if (show.status !== 'live') throw conflict(`the jam is ${show.status}, not live`);
    await store.jams.addAction({ jam_id: context.jam.id, kind: 'promote', minutes: null, at: now.toISOString(), by_user_id: user.id, ref_id: id, text: target.text, credit_handle: target.author_handle, credit_name: target.author_name });
    const row = await store.interaction.updateQuestion(id, context.jam.id, { promoted_at: now.toISOString() });
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: 'audience.promote', targetUserId: target.author_id, detail: { question: id } });
    const after = await loadJamContextFor(store, context.jam);
    const afterShow = showOf(after, clock.now());
    this.show.replan(context.jam.id);
    // Viewers re-read the jam: the question list and the next question changed.
    events.emit('jam:updated', { jamId: context.jam.id, jamSlug: slug, reason: 'edited', show: afterShow });
    const question = this.audience.present(after, row);
    this.audience.changed(after, question);
    const runOfShow = presentQuestions(after, afterShow).find((q) => q.audienceQuestionId === id)!;
    return { question, runOfShow };
  }
}
