import type { ShowState } from '../../shared/model.ts';
import type { ShowAction } from '../../shared/model.ts';
import { conflict, invalidInput } from '../errors.ts';
import { presentQuestions } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContextFor, showOf } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import { nextTransition } from '../core/runOfShow.ts';
import { jamAllowing } from '../core/policy.ts';

/**
 * How often jams are re-checked, for jams planned or changed on another node and wake-ups missed.
 * Every node keeps its own wake-ups for every jam it has swept, and the writes guarding each
 * announcement let exactly one of them win, so when a node dies the others announce on time:
 * this interval only bounds how late a node learns of a jam created elsewhere.
 */
const SWEEP_MS = 5_000;
/** Scheduled jams further ahead than this are left to a later sweep (live ones are always swept). */
const SWEEP_HORIZON_MS = 60 * 60_000;

/**
 * Runs the clock. The show is always derived from persisted facts; timers only wake us up to
 * announce what the derivation says has happened. Each announcement is guarded by a write
 * (question_releases row, announced_status compare-and-set), so it happens once across restarts
 * and nodes.
 */
export class ShowRunner {
  #wakeups = new Map<string, () => void>();
  #ticks = new Map<string, Promise<void>>();
  #sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: Deps,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Catches up every unfinished jam (announcing what happened while we were down) and keeps sweeping. */
  async start(): Promise<void> {
    await this.sweep();
    this.#sweep = setInterval(() => void this.sweep().catch(this.onError), SWEEP_MS);
    this.#sweep.unref();
  }

  stop(): void {
    clearInterval(this.#sweep);
    for (const cancel of this.#wakeups.values()) cancel();
    this.#wakeups.clear();
  }

  /** Waits for pending announcements (graceful shutdown, tests). */
  async settle(): Promise<void> {
    await Promise.all(this.#ticks.values());
  }

  async sweep(): Promise<void> {
    const horizon = new Date(this.deps.clock.now().getTime() + SWEEP_HORIZON_MS).toISOString();
    const jams = (await this.deps.store.jams.unfinished()).filter((jam) => jam.announced_status === 'live' || jam.starts_at <= horizon);
    await Promise.all(jams.map((jam) => this.tick(jam.id)));
  }

  /** A host action: validated against the derived state, recorded, then announced. */
  async control(user: UserRow, slug: string, action: ShowAction, minutes?: number): Promise<ShowState> {
    const { store, clock, events } = this.deps;
    const context = await jamAllowing(store, user, 'jam:host', slug, 'run the show');
    const now = clock.now();
    const show = showOf(context, now);
    if (action === 'start' && show.status !== 'scheduled') throw conflict(`the jam is already ${show.status}`);
    if (action !== 'start' && show.status !== 'live') throw conflict(`the jam is ${show.status}, not live`);
    if (action === 'release_next' && show.nextQuestion === null) throw conflict('every question has been released');
    if (action === 'extend' && !minutes) throw invalidInput('say how many minutes to extend by', 'minutes');
    await store.jams.addAction({ jam_id: context.jam.id, kind: action, minutes: action === 'extend' ? minutes! : null, at: now.toISOString(), by_user_id: user.id });
    await this.tick(context.jam.id);
    const after = showOf(await loadJamContextFor(store, context.jam), clock.now());
    if (action === 'extend') events.emit('jam:updated', { jamId: context.jam.id, jamSlug: slug, reason: 'extended', show: after });
    return after;
  }

  /** Re-plans one jam's wake-up (its plan changed). */
  replan(jamId: string): void {
    void this.tick(jamId).catch(this.onError);
  }

  /** Announces whatever the derived state says has happened and not been announced, once per jam at a time. */
  tick(jamId: string): Promise<void> {
    const previous = this.#ticks.get(jamId) ?? Promise.resolve();
    const next = previous.then(() => this.announce(jamId)).catch(this.onError);
    this.#ticks.set(jamId, next);
    void next.finally(() => this.#ticks.get(jamId) === next && this.#ticks.delete(jamId));
    return next;
  }

  private async announce(jamId: string): Promise<void> {
    const { store, clock, events } = this.deps;
    const jam = await store.jams.byId(jamId);
    if (!jam) return;
    const context = await loadJamContextFor(store, jam);
    const now = clock.now();
    const show = showOf(context, now);
    const base = { jamId, jamSlug: jam.slug };

    if (jam.announced_status === 'scheduled' && show.status !== 'scheduled' && (await store.jams.markStatus(jamId, 'scheduled', 'live'))) {
      events.emit('jam:updated', { ...base, reason: 'started', show });
    }
    const questions = presentQuestions(context, show);
    for (const question of questions) {
      const releasedAt = show.releasedAt[question.n - 1];
      if (releasedAt && (await store.jams.markReleased(jamId, question.n, releasedAt))) {
        events.emit('question:released', { ...base, question, show });
      }
    }
    if (show.status === 'ended' && (await store.jams.markStatus(jamId, 'live', 'ended'))) {
      events.emit('jam:updated', { ...base, reason: 'ended', show });
    }

    this.#wakeups.get(jamId)?.();
    this.#wakeups.delete(jamId);
    const at = nextTransition(show);
    if (at) this.#wakeups.set(jamId, clock.wakeAt(at, () => this.replan(jamId)));
  }
}
