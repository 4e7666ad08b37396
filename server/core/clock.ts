/** Time, passed in so the run of show can be tested with a fake clock instead of sleeping. */
export interface Clock {
  now(): Date;
  /** Calls fn at (or soon after) the instant; returns a cancel function. */
  wakeAt(at: Date, fn: () => void): () => void;
}

/** setTimeout caps at ~24.8 days; longer waits re-check after this. */
const MAX_WAIT_MS = 6 * 60 * 60 * 1000;

export const systemClock: Clock = {
  now: () => new Date(),
  wakeAt(at, fn) {
    const wait = Math.min(Math.max(0, at.getTime() - Date.now()), MAX_WAIT_MS);
    const timer = setTimeout(() => (at.getTime() - Date.now() > 5 ? undefined : fn()), wait);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
