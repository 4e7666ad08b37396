/** The bridge's own timers: unref'd so they never hold the process open, all cancelled by stop(). */
export class Timers {
  #pending = new Map<NodeJS.Timeout, () => void>();
  #stopped = false;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Calls fn after ms unless stopped first. */
  after(ms: number, fn: () => void): () => void {
    if (this.#stopped) return () => {};
    const timer = setTimeout(() => {
      this.#pending.delete(timer);
      fn();
    }, ms);
    timer.unref();
    const cancel = () => {
      clearTimeout(timer);
      this.#pending.delete(timer);
    };
    this.#pending.set(timer, cancel);
    return cancel;
  }

  /** Calls fn every ms (after each run finishes) until stopped. */
  every(ms: number, fn: () => Promise<void>): void {
    const tick = () => {
      void fn().finally(() => this.after(ms, tick));
    };
    this.after(ms, tick);
  }

  /** Resolves after ms, or at once when the bridge stops (callers check `stopped`). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.#stopped) return resolve();
      const timer = setTimeout(() => {
        this.#pending.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.#pending.set(timer, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  stop(): void {
    this.#stopped = true;
    for (const cancel of [...this.#pending.values()]) cancel();
    this.#pending.clear();
  }
}
