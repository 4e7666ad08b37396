import type { Clock } from '../../server/core/clock.ts';

/** A clock tests move by hand: `advance` fires every wake-up that falls due, in time order. */
export class FakeClock implements Clock {
  #now: number;
  #wakeups: { at: number; fn: () => void }[] = [];

  constructor(start: Date | string = '2026-05-05T16:00:00.000Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  wakeAt(at: Date, fn: () => void): () => void {
    const wakeup = { at: at.getTime(), fn };
    this.#wakeups.push(wakeup);
    return () => {
      this.#wakeups = this.#wakeups.filter((w) => w !== wakeup);
    };
  }

  /** Moves time forward, firing due wake-ups at their own instants. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#wakeups.filter((w) => w.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#wakeups = this.#wakeups.filter((w) => w !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = target;
  }

  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
}
