import type { Store } from '../store/index.ts';
import type { Clock } from './clock.ts';
import type { DomainEvents } from './events.ts';

/** Live counts the domain reads but does not own (the realtime layer counts connections). */
export interface Presence {
  viewers(jamSlug: string): number;
}

/** The domain's collaborators, passed in so tests can use a fake clock and a throwaway store. */
export interface Deps {
  store: Store;
  clock: Clock;
  events: DomainEvents;
  presence: Presence;
}
