import { nanoid } from 'nanoid';
import { attachQuestion, parseQuestionNumber } from '../../shared/answers.ts';
import { MAX_POST_LENGTH, postLength, withHashtag } from '../../shared/hashtag.ts';
import type { MessageView } from '../../shared/model.ts';
import type { PostMessageInput } from '../../shared/model.ts';
import { cleanText, withoutControlCharacters } from '../../shared/unicode.ts';
import { conflict, invalidInput, isAppError, unavailable } from '../errors.ts';
import { presentMessage } from '../presenters.ts';
import { isStoreUnavailable } from '../store/index.ts';
import type { MessageRow, NewMessage } from '../store/messages.ts';
import type { UserRow } from '../store/users.ts';
import type { Standing } from '../moderation/standing.ts';
import { Automod } from '../moderation/automod.ts';
import { JamContextCache, roleIn, showOf, type JamContext } from '../core/context.ts';
import { authorize, can } from '../core/policy.ts';
import type { Deps } from '../core/deps.ts';
import type { PostOutcome } from '../core/events.ts';

/** Largest group of posts written in one transaction. */
const MAX_BATCH = 256;
/** How many announced message ids a node remembers, so a retry's duplicate is not announced twice. */
const ANNOUNCED_MEMORY = 20_000;

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
  /** Ids of the messages this node announced lately (insertion order: the oldest go first). */
  #announced = new Set<string>();

  constructor(
    private readonly deps: Deps,
    /** Bans, mutes, rules, slow mode and pre-moderation: checked on every post, whatever the edge. */
    private readonly standing: Standing,
    /** Automatic moderation of the series: may hide or hold a participant's post (native or from X). */
    private readonly automod?: Automod,
  ) {
    this.#contexts = new JamContextCache(deps.store, deps.events);
  }

  async post(user: UserRow, slug: string, input: PostMessageInput): Promise<{ message: MessageView; duplicate: boolean }> {
    const started = performance.now();
    const settled = (outcome: PostOutcome) => this.deps.events.emit('post:settled', { outcome, seconds: (performance.now() - started) / 1000 });
    try {
      const result = await this.postOnce(user, slug, input);
      settled(result.duplicate ? 'duplicate' : result.message.held ? 'held' : 'accepted');
      return result;
    } catch (error) {
      settled(isAppError(error) ? error.code : 'internal');
      throw error;
    }
  }

  private async postOnce(user: UserRow, slug: string, input: PostMessageInput): Promise<{ message: MessageView; duplicate: boolean }> {
    this.checkOpen();
    const context = await this.#contexts.get(slug);
    const row = this.compose(context, user, input);
    // A retried client id is found by the write itself (insertBatch), which returns the stored row.
    if (row.reply_to) await this.checkParent(context, row, input.mode === 'announcement');
    // After the duplicate check: a retried send must not be refused by its own first copy's slow mode.
    const { hold, release } = await this.standing.checkPost(context, user, input.clientId);
    if (hold) Object.assign(row, { held: 1, hidden: 1, hidden_reason: 'awaiting approval' });
    const verdict = row.author_role === 'participant' && !hold && this.automod ? await this.automod.judge(context, row, user).catch(() => null) : null;
    Automod.apply(row, verdict);
    const { row: stored, duplicate } = await this.write(row).catch((error: unknown) => {
      release();
      throw error;
    });
    if (duplicate) {
      const found = this.duplicateOf(stored, user, slug);
      this.announceOnce(stored, found.message);
      return found;
    }
    const message = presentMessage(stored, slug);
    if (verdict) await this.automod!.record(context, stored, verdict);
    if (stored.held === 1) this.deps.events.emit('message:held', { jamId: context.jam.id, jamSlug: slug, message });
    else this.announceOnce(stored, message);
    return { message, duplicate: false };
  }

  /**
   * Fans a stored message out unless this node already has. A retry that finds its message stored
   * (`duplicate`) usually follows an answer that was lost — and when the store failed while
   * committing, the first attempt answered `unavailable` and announced nothing, so the retry must,
   * or live viewers keep a hole in their stream. Another node may announce it once more; clients
   * de-duplicate by id.
   */
  private announceOnce(row: MessageRow, message: MessageView): void {
    if (row.held === 1 || row.hidden === 1 || this.#announced.has(row.id)) return;
    this.#announced.add(row.id);
    if (this.#announced.size > ANNOUNCED_MEMORY) this.#announced.delete(this.#announced.values().next().value!);
    this.deps.events.emit('message:created', { jamId: row.jam_id, jamSlug: message.jamSlug, message });
  }

  /** The message as it will be stored: normalised text with the hashtag, its question, its author's role. */
  private compose(context: JamContext, user: UserRow, input: PostMessageInput): NewMessage {
    const now = this.deps.clock.now();
    authorize(user, 'jam:take-part', context, 'post');
    const role = roleIn(context, user.id);
    const show = showOf(context, now);
    const isHost = can(user, 'jam:host', context);
    if (show.status === 'ended') throw conflict('the jam has ended; its transcript is in the archive');
    if (show.status === 'scheduled' && !isHost) throw conflict(`the jam starts at ${show.startsAt}; posts open then`);
    if (!input.text.isWellFormed()) throw invalidInput('text contains broken unicode (a lone surrogate)', 'text');
    const mode = input.mode ?? 'answer';
    if (mode !== 'answer') authorize(user, 'jam:host', context, mode === 'announcement' ? 'post announcements' : 'post question tags');
    const tagged = mode === 'question' ? questionTag(input.text, input.question, show.releasedAt.length) : input.text;
    const cleaned = cleanText(tagged);
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
      // An announcement belongs to no question, whatever it starts with or replies to.
      question: mode === 'announcement' ? null : attachQuestion({ text, questionCount: show.releasedAt.length, current: show.currentQuestion, isHost }),
      reply_to: input.replyTo ?? null,
      source: 'native',
      external_id: null,
      external_url: null,
      external_author_id: null,
      hidden: 0,
      hidden_reason: null,
      featured: 0,
      created_at: now.toISOString(),
    };
  }

  /** Replies must point at a visible message of the same jam; without an "A3:" they join the parent's question. */
  private async checkParent(context: JamContext, row: NewMessage, announcement: boolean): Promise<void> {
    const parent = await this.deps.store.messages.byId(row.reply_to!);
    if (!parent || parent.jam_id !== context.jam.id || parent.hidden) throw invalidInput('replyTo names no message of this jam', 'replyTo');
    if (!announcement && !/^\s*[AaQq]\s?\d/.test(row.text)) row.question = parent.question;
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
      await this.writeBatch(queue.splice(0, MAX_BATCH));
    }
    this.#queues.delete(jamId);
  }

  /**
   * Writes posts in one transaction. When the store refuses the batch because of one row (a
   * constraint, a character the database cannot hold) rather than being away, the halves are
   * written on their own, down to the one bad post: everybody else's posts commit and ack, in
   * order. A refused post answers the retryable `unavailable`, never `internal`.
   */
  private async writeBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const committed = (ok: boolean) => this.deps.events.emit('store:committed', { messages: batch.length, seconds: (performance.now() - started) / 1000, ok });
    try {
      const results = await this.deps.store.messages.insertBatch(batch.map((p) => p.row));
      committed(true);
      batch.forEach((pending, i) => pending.resolve(results[i]!));
    } catch (error) {
      committed(false);
      if (batch.length > 1 && !isStoreUnavailable(error) && !isAppError(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.writeBatch(batch.slice(0, half));
        await this.writeBatch(batch.slice(half));
        return;
      }
      const failure = isAppError(error) ? error : Object.assign(unavailable('the store could not take this post; it may have been saved: retry with the same client id'), { cause: error });
      for (const pending of batch) pending.reject(failure);
    }
  }

  /** Posts waiting for their jam's next transaction, over every jam (a gauge for operators). */
  get queueDepth(): number {
    let depth = 0;
    for (const queue of this.#queues.values()) depth += queue.length;
    return depth;
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
   * queue, and fans it out like a native post; a repeated delivery (same client id) is not fanned out again
   * (unless its first write's answer was lost before it was announced).
   */
  async ingest(row: NewMessage, slug: string, context?: JamContext): Promise<{ message: MessageView; duplicate: boolean }> {
    // Text from elsewhere never met our schemas: drop what the schemas refuse (PostgreSQL cannot store U+0000).
    const clean = { ...row, text: withoutControlCharacters(row.text), author_name: withoutControlCharacters(row.author_name) };
    // A repeated delivery is judged again but written (and recorded) only once.
    const known = context && this.automod ? await this.deps.store.messages.byClientId(clean.jam_id, clean.client_id) : undefined;
    const verdict = context && this.automod && !known ? await this.automod.judge(context, clean, null).catch(() => null) : null;
    Automod.apply(clean, verdict);
    const { row: stored, duplicate } = await this.write(clean);
    const message = presentMessage(stored, slug);
    if (!duplicate && verdict && context) await this.automod!.record(context, stored, verdict);
    // Held by automatic moderation: for the hosts' approval queue; hidden by it: announced to nobody.
    if (stored.held === 1) {
      if (!duplicate) this.deps.events.emit('message:held', { jamId: stored.jam_id, jamSlug: slug, message });
    } else this.announceOnce(stored, message);
    return { message, duplicate };
  }

  /** Resolves once every queued write has settled (graceful shutdown). */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) await new Promise((r) => setTimeout(r, 5));
  }
}

/** A question-mode post's text with its "Q3: " tag (added unless the host already typed it). */
function questionTag(text: string, question: number | undefined, questionCount: number): string {
  if (question === undefined) throw invalidInput('say which question to tag', 'question');
  if (question > questionCount) throw invalidInput(`this jam has ${questionCount} questions`, 'question');
  return parseQuestionNumber(text) === question ? text : `Q${question}: ${text.replace(/^\s+/, '')}`;
}
