import { nanoid } from 'nanoid';
import { attachQuestion } from '../../shared/answers.ts';
import { MAX_POST_LENGTH, postLength, withHashtag } from '../../shared/hashtag.ts';
import type { MessageView } from '../../shared/model.ts';
import type { PostMessageInput } from '../../shared/schemas.ts';
import { cleanText } from '../../shared/unicode.ts';
import { conflict, forbidden, invalidInput, isAppError, notFound, unavailable } from '../errors.ts';
import { presentMessage } from '../presenters.ts';
import { isStoreUnavailable } from '../store/index.ts';
import type { MessageRow, NewMessage } from '../store/messages.ts';
import type { UserRow } from '../store/users.ts';
import type { Standing } from '../moderation/standing.ts';
import { JamContextCache, roleIn, showOf, type JamContext } from './context.ts';
import type { Deps } from './deps.ts';

/** Largest group of posts written in one transaction. */
const MAX_BATCH = 256;

interface Pending {
  row: NewMessage;
  resolve: (result: { row: MessageRow; duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Posting: validate, attach to a question, then persist → acknowledge → fan out.
 * Posts to one jam go through one queue: whatever arrived while a write was in flight is written
 * together in the next transaction (one commit, one fsync), and fanned out in seq order.
 */
export class Posting {
  #queues = new Map<string, Pending[]>();
  /** Set while the node shuts down: new posts are refused (retryable) so clients resend elsewhere. */
  #closed = false;
  #contexts: JamContextCache;

  constructor(
    private readonly deps: Deps,
    /** Bans, mutes, rules, slow mode and pre-moderation: checked on every post, whatever the edge. */
    private readonly standing: Standing,
  ) {
    this.#contexts = new JamContextCache(deps.store, deps.events);
  }

  async post(user: UserRow, slug: string, input: PostMessageInput): Promise<{ message: MessageView; duplicate: boolean }> {
    this.checkOpen();
    const context = await this.#contexts.get(slug);
    const row = this.compose(context, user, input);
    // A retried client id is found by the write itself (insertBatch), which returns the stored row.
    if (row.reply_to) await this.checkParent(context, row);
    // After the duplicate check: a retried send must not be refused by its own first copy's slow mode.
    const { hold, release } = await this.standing.checkPost(context, user, input.clientId);
    if (hold) Object.assign(row, { held: 1, hidden: 1, hidden_reason: 'awaiting approval' });
    const { row: stored, duplicate } = await this.write(row).catch((error: unknown) => {
      release();
      throw error;
    });
    if (duplicate) return this.duplicateOf(stored, user, slug);
    const message = presentMessage(stored, slug);
    this.deps.events.emit(stored.held === 1 ? 'message:held' : 'message:created', { jamId: context.jam.id, jamSlug: slug, message });
    return { message, duplicate: false };
  }

  /** The message as it will be stored: normalised text with the hashtag, its question, its author's role. */
  private compose(context: JamContext, user: UserRow, input: PostMessageInput): NewMessage {
    const now = this.deps.clock.now();
    const role = roleIn(context, user.id);
    if (role === 'lurker') throw forbidden('sign in to post');
    const show = showOf(context, now);
    const isHost = role === 'host';
    if (show.status === 'ended') throw conflict('the jam has ended; its transcript is in the archive');
    if (show.status === 'scheduled' && !isHost) throw conflict(`the jam starts at ${show.startsAt}; posts open then`);
    if (!input.text.isWellFormed()) throw invalidInput('text contains broken unicode (a lone surrogate)', 'text');
    const cleaned = cleanText(input.text);
    if (cleaned.trim().length === 0) throw invalidInput('a message needs some text', 'text');
    const text = withHashtag(cleaned, context.series.hashtag);
    const length = postLength(text);
    if (length > MAX_POST_LENGTH) throw invalidInput(`text is ${length} characters as X counts them (with ${context.series.hashtag}); the limit is ${MAX_POST_LENGTH}`, 'text');
    return {
      id: nanoid(),
      jam_id: context.jam.id,
      client_id: input.clientId,
      author_id: user.id,
      author_handle: user.handle,
      author_name: user.display_name,
      author_role: role,
      text,
      question: attachQuestion({ text, questionCount: context.questions.length, current: show.currentQuestion, isHost }),
      reply_to: input.replyTo ?? null,
      source: 'native',
      external_id: null,
      external_url: null,
      hidden: 0,
      hidden_reason: null,
      featured: 0,
      created_at: now.toISOString(),
    };
  }

  /** Replies must point at a visible message of the same jam; without an "A3:" they join the parent's question. */
  private async checkParent(context: JamContext, row: NewMessage): Promise<void> {
    const parent = await this.deps.store.messages.byId(row.reply_to!);
    if (!parent || parent.jam_id !== context.jam.id || parent.hidden) throw invalidInput('replyTo names no message of this jam', 'replyTo');
    if (!/^\s*[AaQq]\s?\d/.test(row.text)) row.question = parent.question;
  }

  private duplicateOf(row: MessageRow, user: UserRow, slug: string): { message: MessageView; duplicate: boolean } {
    if (row.author_id !== user.id) throw conflict('that client id belongs to another message; send with a new one', 'clientId');
    return { message: presentMessage(row, slug), duplicate: true };
  }

  /** Writes a message through its jam's queue; also used by the X bridge for inbound posts. */
  write(row: NewMessage): Promise<{ row: MessageRow; duplicate: boolean }> {
    this.checkOpen();
    return new Promise((resolve, reject) => {
      const queue = this.#queues.get(row.jam_id);
      if (queue) {
        queue.push({ row, resolve, reject });
        return;
      }
      this.#queues.set(row.jam_id, [{ row, resolve, reject }]);
      void this.drain(row.jam_id);
    });
  }

  private async drain(jamId: string): Promise<void> {
    const queue = this.#queues.get(jamId)!;
    while (queue.length > 0) {
      // better-sqlite3 commits synchronously, so nothing arrives while a write runs: wait one turn
      // of the event loop so that every post already received joins this batch (one fsync for all).
      await new Promise((resolve) => setImmediate(resolve));
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const results = await this.deps.store.messages.insertBatch(batch.map((p) => p.row));
        batch.forEach((pending, i) => pending.resolve(results[i]!));
      } catch (error) {
        const failure = isAppError(error) ? error : isStoreUnavailable(error) ? unavailable('the store is busy; nothing was saved, retry with the same client id') : error;
        for (const pending of batch) pending.reject(failure);
      }
    }
    this.#queues.delete(jamId);
  }

  /** Refuses new posts from now on; those already queued are still written (see flush). */
  close(): void {
    this.#closed = true;
  }

  private checkOpen(): void {
    if (this.#closed) throw unavailable('this server is shutting down; nothing was saved, retry with the same client id', 2);
  }

  /**
   * Stores a post that arrived from elsewhere (the X bridge), already composed, through the jam's
   * queue, and fans it out like a native post; a repeated delivery (same client id) is not fanned out again.
   */
  async ingest(row: NewMessage, slug: string): Promise<{ message: MessageView; duplicate: boolean }> {
    const { row: stored, duplicate } = await this.write(row);
    const message = presentMessage(stored, slug);
    if (!duplicate) this.deps.events.emit('message:created', { jamId: row.jam_id, jamSlug: slug, message });
    return { message, duplicate };
  }

  /** Resolves once every queued write has settled (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) await new Promise((r) => setTimeout(r, 5));
  }

  /** Throws not_found for an unknown message id in a jam (used by moderation and replies). */
  static async messageIn(deps: Deps, context: JamContext, id: string): Promise<MessageRow> {
    const row = await deps.store.messages.byId(id);
    if (!row || row.jam_id !== context.jam.id) throw notFound(`message ${id}`);
    return row;
  }
}
