import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../../shared/time.ts';
import { deriveShow, nextTransition, replayShow, type ShowPlan } from './runOfShow.ts';

const T0 = new Date('2026-05-05T17:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const plan = (over: Partial<ShowPlan> = {}): ShowPlan => ({ startsAt: T0, durationMin: 60, offsetsMin: [0, 10, 20, 30, 40, 50], actions: [], ...over });

describe('deriving the run of show', () => {
  it('is scheduled before the start, with Q1 due at the start', () => {
    const show = deriveShow(plan(), at(-5));
    expect(show.status).toBe('scheduled');
    expect(show.currentQuestion).toBeNull();
    expect(nextTransition(show)).toEqual(T0);
  });

  it('releases each question at its planned offset and names the next one', () => {
    const show = deriveShow(plan(), at(25));
    expect(show.status).toBe('live');
    expect(show.currentQuestion).toBe(3);
    expect(show.nextQuestion).toBe(4);
    expect(show.nextQuestionAt).toBe(at(30).toISOString());
    expect(show.releasedAt.slice(0, 3)).toEqual([at(0), at(10), at(20)].map((d) => d.toISOString()));
  });

  it('ends on its own at start + duration', () => {
    const show = deriveShow(plan(), at(61));
    expect(show.status).toBe('ended');
    expect(show.endedAt).toBe(at(60).toISOString());
    expect(show.currentQuestion).toBe(6);
    expect(nextTransition(show)).toBeNull();
  });

  it('starting early moves the whole plan earlier', () => {
    const show = deriveShow(plan({ actions: [{ kind: 'start', minutes: null, at: at(-4) }] }), at(7));
    expect(show.status).toBe('live');
    expect(show.startedAt).toBe(at(-4).toISOString());
    expect(show.currentQuestion).toBe(2);
    expect(show.endsAt).toBe(at(56).toISOString());
  });

  it('"release next now" releases the next question at once; later ones keep their plan', () => {
    const show = deriveShow(plan({ actions: [{ kind: 'release_next', minutes: null, at: at(3) }] }), at(12));
    expect(show.releasedAt[1]).toBe(at(3).toISOString());
    // Q3 was planned at minute 20 and stays there; nothing new released at minute 10.
    expect(show.currentQuestion).toBe(2);
    expect(show.nextQuestionAt).toBe(at(20).toISOString());
  });

  it('"extend" delays the unreleased questions and the end', () => {
    const show = deriveShow(plan({ actions: [{ kind: 'extend', minutes: 5, at: at(12) }] }), at(24));
    expect(show.currentQuestion).toBe(2);
    expect(show.nextQuestionAt).toBe(at(25).toISOString());
    expect(show.endsAt).toBe(at(65).toISOString());
    expect(deriveShow(plan({ actions: [{ kind: 'extend', minutes: 5, at: at(12) }] }), at(63)).status).toBe('live');
  });

  it('"end" ends it at that instant and nothing is released after', () => {
    const show = deriveShow(plan({ actions: [{ kind: 'end', minutes: null, at: at(15) }] }), at(40));
    expect(show.status).toBe('ended');
    expect(show.endedAt).toBe(at(15).toISOString());
    expect(show.currentQuestion).toBe(2);
    expect(show.nextQuestion).toBeNull();
  });

  it('ignores actions that could not apply (release before start, end before start)', () => {
    const show = deriveShow(plan({ actions: [{ kind: 'release_next', minutes: null, at: at(-10) }, { kind: 'end', minutes: null, at: at(-5) }] }), at(1));
    expect(show.status).toBe('live');
    expect(show.currentQuestion).toBe(1);
  });

  it('is the same whenever it is computed: replaying facts resumes at the right question', () => {
    const facts = plan({ actions: [{ kind: 'release_next', minutes: null, at: at(4) }, { kind: 'extend', minutes: 10, at: at(15) }] });
    const first = deriveShow(facts, at(33));
    const again = deriveShow(structuredClone(facts), at(33));
    expect(again).toEqual(first);
    expect(first.currentQuestion).toBe(3);
  });
});

describe('time zones', () => {
  it('reads a wall-clock start in the series zone', () => {
    expect(zonedInstant('2026-07-01T19:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T17:00:00.000Z');
    expect(zonedInstant('2026-01-15T12:00', 'America/New_York').toISOString()).toBe('2026-01-15T17:00:00.000Z');
  });

  it('keeps real durations across a DST change inside a jam (New York, spring forward)', () => {
    // 01:30 EST; clocks jump 02:00 → 03:00 during the jam.
    const startsAt = zonedInstant('2026-03-08T01:30', 'America/New_York');
    expect(startsAt.toISOString()).toBe('2026-03-08T06:30:00.000Z');
    const show = deriveShow({ startsAt, durationMin: 60, offsetsMin: [0, 45], actions: [] }, new Date('2026-03-08T07:20:00Z'));
    expect(show.currentQuestion).toBe(2);
    // Q2 at 45 real minutes = 03:15 EDT on the wall clock, the jam ends 60 real minutes in = 03:30 EDT.
    expect(show.releasedAt[1]).toBe('2026-03-08T07:15:00.000Z');
    expect(show.endsAt).toBe('2026-03-08T07:30:00.000Z');
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(show.endsAt))).toBe('03:30');
  });

  it('keeps real durations across a fall-back change (Berlin)', () => {
    const startsAt = zonedInstant('2026-10-25T02:30', 'Europe/Berlin');
    const show = deriveShow({ startsAt, durationMin: 60, offsetsMin: [0, 30], actions: [] }, new Date(startsAt.getTime() + 61 * 60_000));
    expect(show.status).toBe('ended');
    expect(Date.parse(show.endsAt) - startsAt.getTime()).toBe(60 * 60_000);
  });

  it('moves a start in the spring-forward gap forward, as calendars do', () => {
    expect(zonedInstant('2026-03-08T02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('plans every unreleased question at its offset plus extensions, and none past the end', () => {
    const live = deriveShow(plan({ durationMin: 45, actions: [{ kind: 'extend', minutes: 5, at: at(12) }] }), at(15));
    // Q1, Q2 released; Q3..Q5 moved by five minutes; Q6 (minute 50+5) falls after the end (45+5).
    expect(live.plannedAt).toEqual([at(0), at(10), at(25), at(35), at(45), null].map((d) => d?.toISOString() ?? null));
    const ended = deriveShow(plan({ actions: [{ kind: 'end', minutes: null, at: at(12) }] }), at(13));
    expect(ended.plannedAt).toEqual([at(0).toISOString(), at(10).toISOString(), null, null, null, null]);
  });
});

describe('promoting an audience question', () => {
  const promote = (min: number, ref = 'aq1') => ({ kind: 'promote' as const, minutes: null, at: at(min), ref });

  it('puts it next, in the next planned slot; later questions move back one slot', () => {
    const { show, slots } = replayShow(plan({ actions: [promote(12)] }), at(15));
    expect(show.currentQuestion).toBe(2);
    expect(show.nextQuestion).toBe(3);
    expect(show.nextQuestionAt).toBe(at(20).toISOString());
    expect(slots.map((s) => (s.source === 'promoted' ? s.ref : `Q${s.index + 1}`))).toEqual(['Q1', 'Q2', 'aq1', 'Q3', 'Q4', 'Q5', 'Q6']);
    expect(slots.map((s) => s.offsetMin)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(show.releasedAt).toHaveLength(7);
  });

  it('releases it on time; the last question, pushed to the end, waits for the host', () => {
    expect(deriveShow(plan({ actions: [promote(12)] }), at(20)).currentQuestion).toBe(3);
    const late = deriveShow(plan({ actions: [promote(12)] }), at(55));
    expect(late).toMatchObject({ currentQuestion: 6, nextQuestion: 7, nextQuestionAt: null });
    expect(deriveShow(plan({ actions: [promote(12)] }), at(61))).toMatchObject({ status: 'ended', currentQuestion: 6 });
    expect(deriveShow(plan({ actions: [promote(12), { kind: 'release_next', minutes: null, at: at(56) }] }), at(57)).currentQuestion).toBe(7);
  });

  it('after the last planned question it waits for the host, then "release next" sends it', () => {
    const waiting = deriveShow(plan({ offsetsMin: [0], actions: [promote(5)] }), at(6));
    expect(waiting).toMatchObject({ currentQuestion: 1, nextQuestion: 2, nextQuestionAt: null });
    expect(nextTransition(waiting)).toEqual(at(60));
    const released = deriveShow(plan({ offsetsMin: [0], actions: [promote(5), { kind: 'release_next', minutes: null, at: at(8) }] }), at(9));
    expect(released.currentQuestion).toBe(2);
    expect(released.releasedAt[1]).toBe(at(8).toISOString());
  });

  it('is ignored before the start and after the end', () => {
    expect(deriveShow(plan({ actions: [promote(-5)] }), at(1)).releasedAt).toHaveLength(6);
    expect(deriveShow(plan({ actions: [{ kind: 'end', minutes: null, at: at(5) }, promote(6)] }), at(7)).releasedAt).toHaveLength(6);
  });
});
