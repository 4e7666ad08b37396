/**
 * Where a node is in its life: migrating → serving → draining → closed. Readiness (/readyz), the
 * HTTP and socket gates and shutdown all read this one value, so they cannot disagree.
 */
export const Phase = { migrating: 'migrating', serving: 'serving', draining: 'draining', closed: 'closed' } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export class Lifecycle {
  #phase: Phase = Phase.migrating;

  get phase(): Phase {
    return this.#phase;
  }

  /** True only while the node takes new work. */
  get ready(): boolean {
    return this.#phase === Phase.serving;
  }

  /** Moves forward only: a draining node never becomes ready again. */
  enter(phase: Phase): void {
    const order = Object.values(Phase);
    if (order.indexOf(phase) > order.indexOf(this.#phase)) this.#phase = phase;
  }
}
