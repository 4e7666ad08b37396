import type { AudienceQuestionView, AutomodActionView, PollView } from '../../shared/interaction.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import type { ReportView } from '../../shared/moderation.ts';
import type { MessageView, QuestionView, ShowState } from '../../shared/model.ts';

/** What happened in a jam or series, for whoever fans it out (sockets, the bridges, webhooks). */
export interface JamEventMap {
  'message:created': { jamId: string; jamSlug: string; message: MessageView };
  'message:updated': { jamId: string; jamSlug: string; message: MessageView };
  'message:hidden': { jamId: string; jamSlug: string; id: string };
  'question:released': { jamId: string; jamSlug: string; question: QuestionView; show: ShowState };
  /** A series' settings (rules, name, zone…) changed. */
  'series:updated': { seriesSlug: string };
  'jam:updated': { jamId: string; jamSlug: string; reason: 'started' | 'extended' | 'ended' | 'edited'; show: ShowState };
  /** The series' co-hosts changed: who may see what only hosts see in this jam is decided again. */
  'jam:hosts-changed': { jamId: string; jamSlug: string };
  /** A pre-moderated message awaits approval: for hosts' eyes only. */
  'message:held': { jamId: string; jamSlug: string; message: MessageView };
  'message:reported': { jamId: string; jamSlug: string; report: ReportView };
  /** An audience question was asked, voted on, moderated, merged or promoted (full view: realtime redacts it per viewer). */
  'audience:changed': { jamId: string; jamSlug: string; question: AudienceQuestionView };
  /** A poll was created, voted in, opened, closed or revealed (with every count: realtime hides them per viewer). */
  'poll:changed': { jamId: string; jamSlug: string; poll: PollView };
  /** Automatic moderation held or hid a post: for hosts' eyes only. */
  'automod:acted': { jamId: string; jamSlug: string; action: AutomodActionView };
}

/** What happened to accounts, sessions and standing (sign-out, suspension, password reset, sanctions). */
export interface AuthEventMap {
  /** A session ended: its open sockets must go. `sessionId` is the token hash. */
  'session:closed': { sessionId: string };
  /** An account's row changed (its profile): reads that kept it are stale. */
  'user:updated': { userId: string };
  /** A person's standing in a series changed (a sanction imposed or lifted, rules accepted). */
  'standing:changed': { userId: string; seriesId: string };
}

/** How the server is doing, for observability (counters and histograms). */
export interface OperationsEventMap {
  /** A post attempt finished: stored (accepted, held for approval, or a retried duplicate) or refused with an error code. */
  'post:settled': { outcome: PostOutcome; seconds: number };
  /** One posting transaction finished (a batch of messages for one jam), or failed. */
  'store:committed': { messages: number; seconds: number; ok: boolean };
  /** An edge refused a request or socket event with an error (validation, authorization, rate limit…). */
  'request:refused': { edge: 'http' | 'socket'; code: ErrorCode };
}

export type PostOutcome = 'accepted' | 'held' | 'duplicate' | ErrorCode;

/** Every event on the process's one bus, by section. */
export type DomainEventMap = JamEventMap & AuthEventMap & OperationsEventMap;

type Listener<M, K extends keyof M> = (event: M[K]) => void;

/** The emitting side of a bus for one section: a module that only tells (auth) depends on no more. */
export interface EventSink<M> {
  emit<K extends keyof M>(name: K, event: M[K]): void;
}

/** A small typed event bus. A failing listener is reported and never breaks the write that emitted. */
export class EventBus<M> implements EventSink<M> {
  #listeners: { [K in keyof M]?: Listener<M, K>[] } = {};

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends keyof M>(name: K, listener: Listener<M, K>): () => void {
    const list = (this.#listeners[name] ??= []) as Listener<M, K>[];
    list.push(listener);
    return () => list.splice(list.indexOf(listener), 1);
  }

  emit<K extends keyof M>(name: K, event: M[K]): void {
    for (const listener of (this.#listeners[name] ?? []) as Listener<M, K>[]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

/** The process's domain event bus: jams, auth and operations sections. */
export class DomainEvents extends EventBus<DomainEventMap> {}
