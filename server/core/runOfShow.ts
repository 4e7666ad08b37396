import type { JamStatus, ShowState } from '../../shared/model.ts';

/** What the run of show is derived from: the plan and the host's recorded actions. */
export interface ShowPlan {
  startsAt: Date;
  durationMin: number;
  /** Planned minute offsets of Q1..Qn, increasing. */
  offsetsMin: number[];
  /** `ref` names the audience question a "promote" action puts next. */
  actions: { kind: 'start' | 'release_next' | 'extend' | 'end' | 'promote'; minutes: number | null; at: Date; ref?: string | null }[];
}

/**
 * One question of the show in its final order: a planned one (by its index in the plan) or an
 * audience question the host promoted. `offsetMin` is when it is due, in minutes from the start
 * before extensions; null for a promoted question that waits for the host's "release next".
 */
export type ShowSlot = { source: 'plan'; index: number; offsetMin: number } | { source: 'promoted'; ref: string; offsetMin: number | null; promotedAt: Date };

const MINUTE = 60_000;

/**
 * The state of the show at `now`, replayed from persisted facts alone, so a restarted server
 * resumes at the right question. Rules:
 * - Questions release at start + offset; "start" before startsAt moves the whole plan earlier.
 * - "release next" releases the next question at that instant; later questions keep their plan.
 * - "extend N" delays every unreleased question and the end by N minutes.
 * - "promote" puts an audience question next: it takes the next planned question's slot and every
 *   later question moves back by one slot's spacing; one pushed past the end, like a promoted
 *   question with nothing left planned, waits for the host's "release next".
 * - The jam ends at start + duration (+ extensions), or at "end"; nothing releases after the end.
 * Offsets are added to instants, so a DST change inside a jam changes no durations.
 */
export function deriveShow(plan: ShowPlan, now: Date): ShowState {
  return replayShow(plan, now).show;
}

/** deriveShow, with the order of questions it arrived at (planned and promoted). */
export function replayShow(plan: ShowPlan, now: Date): { show: ShowState; slots: ShowSlot[] } {
  let start = plan.startsAt.getTime();
  let delay = 0;
  let endedAt: number | null = null;
  const released: number[] = [];
  const slots: ShowSlot[] = plan.offsetsMin.map((offsetMin, index) => ({ source: 'plan', index, offsetMin }));
  const dueAt = () => {
    const offset = slots[released.length]?.offsetMin;
    return offset === undefined || offset === null ? Infinity : start + offset * MINUTE + delay;
  };
  const plannedEnd = () => start + plan.durationMin * MINUTE + delay;

  const advanceTo = (t: number) => {
    if (endedAt !== null) return;
    while (dueAt() <= t && dueAt() < plannedEnd()) released.push(dueAt());
    if (plannedEnd() <= t) endedAt = plannedEnd();
  };

  const promote = (ref: string, at: Date) => {
    const k = released.length;
    const next = slots[k]?.offsetMin;
    if (next === undefined || next === null) {
      slots.splice(k, 0, { source: 'promoted', ref, offsetMin: null, promotedAt: at });
      return;
    }
    const after = slots[k + 1]?.offsetMin;
    const before = k > 0 ? slots[k - 1]!.offsetMin : null;
    const gap = after != null ? after - next : before != null ? next - before : (plan.durationMin - next) / 2;
    slots.splice(k, 0, { source: 'promoted', ref, offsetMin: next, promotedAt: at });
    for (let j = k + 1; j < slots.length; j++) {
      const slot = slots[j]!;
      if (slot.offsetMin !== null) slots[j] = { ...slot, offsetMin: slot.offsetMin + gap };
    }
  };

  const actions = [...plan.actions].sort((a, b) => a.at.getTime() - b.at.getTime());
  const t0 = now.getTime();
  for (const action of actions) {
    const at = action.at.getTime();
    if (at > t0) break;
    advanceTo(at);
    if (endedAt !== null) break;
    const live = at >= start;
    if (action.kind === 'start' && !live) start = at;
    else if (action.kind === 'release_next' && live && released.length < slots.length) released.push(at);
    else if (action.kind === 'extend' && live) delay += (action.minutes ?? 0) * MINUTE;
    else if (action.kind === 'end' && live) endedAt = at;
    else if (action.kind === 'promote' && live && action.ref) promote(action.ref, action.at);
  }
  advanceTo(t0);

  const status: JamStatus = t0 < start ? 'scheduled' : endedAt !== null ? 'ended' : 'live';
  const due = dueAt();
  // A promoted question with no slot, or one pushed past the end by a promotion, waits for the host.
  const waiting = released.length < slots.length && due >= plannedEnd();
  const hasNext = status !== 'ended' && released.length < slots.length;
  const iso = (t: number) => new Date(t).toISOString();
  // Unreleased questions keep their order: each is due at its offset (moved by every extension)
  // unless the jam ends first, when it will not be asked at all; one waiting for the host has no time.
  const plannedAt = slots.map((slot, i) => {
    if (released[i] !== undefined) return iso(released[i]!);
    if (slot.offsetMin === null) return null;
    const at = start + slot.offsetMin * MINUTE + delay;
    return status === 'ended' || at >= plannedEnd() ? null : iso(at);
  });
  const show: ShowState = {
    status,
    startsAt: iso(start),
    endsAt: iso(endedAt ?? plannedEnd()),
    startedAt: status === 'scheduled' ? null : iso(start),
    endedAt: endedAt === null ? null : iso(endedAt),
    currentQuestion: released.length > 0 ? released.length : null,
    nextQuestion: hasNext ? released.length + 1 : null,
    nextQuestionAt: hasNext && !waiting ? iso(due) : null,
    extendedMin: delay / MINUTE,
    releasedAt: slots.map((_, i) => (released[i] === undefined ? null : iso(released[i]!))),
    plannedAt,
    at: iso(t0),
  };
  return { show, slots };
}


/** The next instant at which the derived state changes on its own, or null when nothing is pending. */
export function nextTransition(show: ShowState): Date | null {
  if (show.status === 'ended') return null;
  if (show.status === 'scheduled') return new Date(show.startsAt);
  const candidates = [show.nextQuestionAt, show.endsAt].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  return new Date(Math.min(...candidates));
}
