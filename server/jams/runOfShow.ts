import type { JamStatus, ShowState } from '../../shared/model.ts';

/** What the run of show is derived from: the plan and the host's recorded actions. */
export interface ShowPlan {
  startsAt: Date;
  durationMin: number;
  /** Planned minute offsets of Q1..Qn, increasing. */
  offsetsMin: number[];
  actions: { kind: 'start' | 'release_next' | 'extend' | 'end'; minutes: number | null; at: Date }[];
}

const MINUTE = 60_000;

/**
 * The state of the show at `now`, replayed from persisted facts alone, so a restarted server
 * resumes at the right question. Rules:
 * - Questions release at start + offset; "start" before startsAt moves the whole plan earlier.
 * - "release next" releases the next question at that instant; later questions keep their plan.
 * - "extend N" delays every unreleased question and the end by N minutes.
 * - The jam ends at start + duration (+ extensions), or at "end"; nothing releases after the end.
 * Offsets are added to instants, so a DST change inside a jam changes no durations.
 */
export function deriveShow(plan: ShowPlan, now: Date): ShowState {
  let start = plan.startsAt.getTime();
  let delay = 0;
  let endedAt: number | null = null;
  const released: number[] = [];
  const offsets = plan.offsetsMin;
  const dueAt = () => (released.length < offsets.length ? start + offsets[released.length]! * MINUTE + delay : Infinity);
  const plannedEnd = () => start + plan.durationMin * MINUTE + delay;

  const advanceTo = (t: number) => {
    if (endedAt !== null) return;
    while (dueAt() <= t && dueAt() < plannedEnd()) released.push(dueAt());
    if (plannedEnd() <= t) endedAt = plannedEnd();
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
    else if (action.kind === 'release_next' && live && released.length < offsets.length) released.push(at);
    else if (action.kind === 'extend' && live) delay += (action.minutes ?? 0) * MINUTE;
    else if (action.kind === 'end' && live) endedAt = at;
  }
  advanceTo(t0);

  const status: JamStatus = t0 < start ? 'scheduled' : endedAt !== null ? 'ended' : 'live';
  const next = status === 'ended' || dueAt() >= plannedEnd() ? null : dueAt();
  const iso = (t: number) => new Date(t).toISOString();
  return {
    status,
    startsAt: iso(start),
    endsAt: iso(endedAt ?? plannedEnd()),
    startedAt: status === 'scheduled' ? null : iso(start),
    endedAt: endedAt === null ? null : iso(endedAt),
    currentQuestion: released.length > 0 ? released.length : null,
    nextQuestion: next === null ? null : released.length + 1,
    nextQuestionAt: next === null ? null : iso(next),
    extendedMin: delay / MINUTE,
    releasedAt: offsets.map((_, i) => (released[i] === undefined ? null : iso(released[i]!))),
    at: iso(t0),
  };
}

/** When a question will be (or was) released, for display in plans and timelines. */
export function releaseTimes(plan: ShowPlan, show: ShowState): string[] {
  const start = Date.parse(show.startsAt);
  const delay = show.extendedMin * MINUTE;
  return plan.offsetsMin.map((offset, i) => show.releasedAt[i] ?? new Date(start + offset * MINUTE + delay).toISOString());
}

/** The next instant at which the derived state changes on its own, or null when nothing is pending. */
export function nextTransition(show: ShowState): Date | null {
  if (show.status === 'ended') return null;
  if (show.status === 'scheduled') return new Date(show.startsAt);
  const candidates = [show.nextQuestionAt, show.endsAt].filter((t): t is string => t !== null).map((t) => Date.parse(t));
  return new Date(Math.min(...candidates));
}
