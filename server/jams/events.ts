import type { ReportView } from '../../shared/moderation.ts';
import type { MessageView, QuestionView, ShowState } from '../../shared/model.ts';

/** What happened in the domain, for whoever fans it out (sockets, the X bridge, webhooks). */
export interface JamEventMap {
  'message:created': { jamId: string; jamSlug: string; message: MessageView };
  'message:updated': { jamId: string; jamSlug: string; message: MessageView };
  'message:hidden': { jamId: string; jamSlug: string; id: string };
  'question:released': { jamId: string; jamSlug: string; question: QuestionView; show: ShowState };
  /** A series' settings (rules, name, zone…) changed. */
  'series:updated': { seriesSlug: string };
  'jam:updated': { jamId: string; jamSlug: string; reason: 'started' | 'extended' | 'ended' | 'edited'; show: ShowState };
  /** A pre-moderated message awaits approval: for hosts' eyes only. */
  'message:held': { jamId: string; jamSlug: string; message: MessageView };
  'message:reported': { jamId: string; jamSlug: string; report: ReportView };
  /** A session ended (sign-out): its open sockets must go. `sessionId` is the token hash. */
  'session:closed': { sessionId: string };
}

type Listener<K extends keyof JamEventMap> = (event: JamEventMap[K]) => void;

/** A small typed event bus. A failing listener is reported and never breaks the write that emitted. */
export class JamEvents {
  #listeners: { [K in keyof JamEventMap]?: Listener<K>[] } = {};

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends keyof JamEventMap>(name: K, listener: Listener<K>): () => void {
    const list = (this.#listeners[name] ??= []) as Listener<K>[];
    list.push(listener);
    return () => list.splice(list.indexOf(listener), 1);
  }

  emit<K extends keyof JamEventMap>(name: K, event: JamEventMap[K]): void {
    for (const listener of (this.#listeners[name] ?? []) as Listener<K>[]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
