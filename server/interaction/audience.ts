import { nanoid } from 'nanoid';
import type { AskInput, AudienceModerateInput, AudienceQuestionView, AudienceSort } from '../../shared/interaction.ts';
import { cleanText } from '../../shared/unicode.ts';
import { AppError, conflict, forbidden, invalidInput, notFound } from '../errors.ts';
import { loadJamContext, showOf, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { AuditLog } from '../moderation/audit.ts';
import type { Standing } from '../moderation/standing.ts';
import type { AudienceQuestionRow } from '../store/interaction.ts';
import { presentQuestions } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { presentAudienceQuestion, publicAudienceQuestion } from './present.ts';
import { can, jamAllowing } from '../core/policy.ts';

/**
 * Questions from the audience for the panel, separate from answers: anyone signed in asks while
 * the jam is live (pre-moderation holds a first-timer's question), others vote once each (undo
 * allowed), hosts merge duplicates, hide, mark answered (linking the answers) and promote one into
 * the run of show. Persist → acknowledge → fan out (audience:changed), ordered by interaction version.
 */
export class AudienceQuestions {
  constructor(
    private readonly deps: Deps,
    private readonly standing: Standing,
    private readonly audit: AuditLog,
  ) {}

  async ask(user: UserRow, slug: string, input: AskInput): Promise<{ question: AudienceQuestionView; duplicate: boolean }> {
    const context = await loadJamContext(this.deps.store, slug);
    const role = await this.standing.assertMay(context, user, 'post');
    if (role !== 'host' && !(await this.standing.acceptedRules(context, user.id))) {
      throw new AppError('forbidden', `accept the rules of ${context.series.hashtag} before your first question`, 'rules');
    }
    const existing = await this.deps.store.interaction.questionByClientId(context.jam.id, input.clientId);
    if (existing) {
      if (existing.author_id !== user.id) throw conflict('that client id belongs to another question; send with a new one', 'clientId');
      return { question: this.present(context, existing), duplicate: true };
    }
    const now = this.deps.clock.now();
    const status = showOf(context, now).status;
    if (status !== 'live') throw conflict(status === 'ended' ? 'the jam has ended; questions are closed' : 'questions open when the jam starts');
    if (!input.text.isWellFormed()) throw invalidInput('text contains broken unicode (a lone surrogate)', 'text');
    const text = cleanText(input.text).trim();
    if (text.length < 5) throw invalidInput('a question needs at least a few words', 'text');
    const held = role === 'participant' && context.jam.premoderation === 1 && !(await this.deps.store.moderation.hasPublished(context.series.id, user.id));
    const { row, duplicate } = await this.deps.store.interaction.insertQuestion({
      id: nanoid(),
      jam_id: context.jam.id,
      client_id: input.clientId,
      author_id: user.id,
      author_handle: user.handle,
      author_name: user.display_name,
      text,
      status: 'open',
      held: held ? 1 : 0,
      merged_into: null,
      answer_ids: '[]',
      promoted_at: null,
      created_at: now.toISOString(),
    });
    const question = this.present(context, row);
    if (!duplicate) this.changed(context, question);
    return { question, duplicate };
  }

  /** One vote per person; voting again or un-voting twice changes nothing. */
  async vote(user: UserRow, slug: string, id: string, voted: boolean): Promise<AudienceQuestionView> {
    const context = await loadJamContext(this.deps.store, slug);
    await this.standing.assertMay(context, user, 'boost');
    const target = await this.questionIn(context, id);
    if (target.status !== 'open' || target.held === 1) throw conflict(`that question is ${target.held ? 'awaiting approval' : target.status}; votes are closed`);
    if (target.author_id === user.id) throw forbidden('you asked this question; others vote on it');
    if (showOf(context, this.deps.clock.now()).status === 'ended') throw conflict('the jam has ended; votes are closed');
    const row = await this.deps.store.interaction.setVote(id, context.jam.id, user.id, voted, this.deps.clock.now().toISOString());
    const question = this.present(context, row);
    this.changed(context, question);
    return question;
  }

  /** Hosts: hide, unhide, approve, mark answered (with answer messages), reopen, merge into another. */
  async moderate(user: UserRow, slug: string, id: string, input: AudienceModerateInput): Promise<AudienceQuestionView> {
    const { store } = this.deps;
    const context = await jamAllowing(this.deps.store, user, 'jam:host', slug, 'moderate audience questions');
    const target = await this.questionIn(context, id);
    const repo = store.interaction;
    let row: AudienceQuestionRow;
    switch (input.action) {
      case 'hide':
        row = await repo.updateQuestion(id, context.jam.id, { status: 'hidden' });
        break;
      case 'unhide':
      case 'reopen':
        if (target.status === 'merged') throw conflict('a merged question stays merged');
        row = await repo.updateQuestion(id, context.jam.id, { status: 'open' });
        break;
      case 'approve':
        if (target.held !== 1) throw conflict('that question is not awaiting approval');
        row = await repo.updateQuestion(id, context.jam.id, { held: 0 });
        break;
      case 'answered': {
        for (const answerId of input.answerIds) {
          const message = await store.messages.byId(answerId);
          if (!message || message.jam_id !== context.jam.id || message.hidden) throw invalidInput(`answer ${answerId} is no visible message of this jam`, 'answerIds');
        }
        row = await repo.updateQuestion(id, context.jam.id, { status: 'answered', answer_ids: JSON.stringify([...new Set(input.answerIds)]) });
        break;
      }
      case 'merge': {
        if (input.into === id) throw invalidInput('a question cannot be merged into itself', 'into');
        const into = await this.questionIn(context, input.into);
        if (into.status === 'merged' || into.status === 'hidden') throw conflict(`the question to merge into is ${into.status}`, 'into');
        const merged = await repo.merge(id, into.id, context.jam.id, target.author_id, this.deps.clock.now().toISOString());
        this.changed(context, this.present(context, merged.into));
        row = merged.from;
        break;
      }
    }
    await this.audit.record({ seriesId: context.series.id, jamId: context.jam.id, actorId: user.id, action: `audience.${input.action}`, targetUserId: target.author_id, detail: { question: id, ...(input.action === 'merge' ? { into: input.into } : {}) } });
    const question = this.present(context, row);
    this.changed(context, question);
    return question;
  }

  /** The questions a caller may see (hosts: all; others: visible ones and their own held ones), sorted. */
  async list(user: UserRow | null, slug: string, sort: AudienceSort, since = 0): Promise<{ questions: AudienceQuestionView[]; version: number }> {
    const context = await loadJamContext(this.deps.store, slug);
    const [rows, version] = await Promise.all([this.deps.store.interaction.questions(context.jam.id, since), this.deps.store.interaction.version(context.jam.id)]);
    return { questions: sortQuestions(this.visibleTo(context, user, rows), sort), version };
  }

  /** Rows as one caller may see them: hosts everything; others no held question but their own, hidden ones blanked. */
  visibleTo(context: JamContext, user: UserRow | null, rows: AudienceQuestionRow[]): AudienceQuestionView[] {
    const host = can(user, 'jam:host', context);
    return rows.filter((r) => host || r.held === 0 || r.author_id === user?.id).map((r) => (host ? this.present(context, r) : publicAudienceQuestion(this.present(context, r))));
  }

  present(context: JamContext, row: AudienceQuestionRow): AudienceQuestionView {
    const promoted = context.actions.some((a) => a.kind === 'promote' && a.ref_id === row.id);
    // Promotions renumber later questions: the number is read from the show as it stands now.
    const n = promoted ? presentQuestions(context, showOf(context, this.deps.clock.now())).find((q) => q.audienceQuestionId === row.id)?.n : undefined;
    return presentAudienceQuestion(row, context.jam.slug, n ?? null);
  }

  async questionIn(context: JamContext, id: string): Promise<AudienceQuestionRow> {
    const row = await this.deps.store.interaction.questionById(id);
    if (!row || row.jam_id !== context.jam.id) throw notFound(`audience question ${id}`);
    return row;
  }


  changed(context: JamContext, question: AudienceQuestionView): void {
    this.deps.events.emit('audience:changed', { jamId: context.jam.id, jamSlug: context.jam.slug, question });
  }
}

/** Most votes first (ties: older first), or newest first. Answered and merged ones sink below open ones. */
export function sortQuestions(questions: AudienceQuestionView[], sort: AudienceSort): AudienceQuestionView[] {
  const rank = (q: AudienceQuestionView) => (q.status === 'open' ? 0 : q.status === 'answered' ? 1 : 2);
  return [...questions].sort((a, b) => rank(a) - rank(b) || (sort === 'votes' ? b.votes - a.votes || a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)));
}
