import type { AuthorRole, ShowState } from '../../shared/model.ts';
import { notFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { JamRow, PanelistRow, QuestionRow, ShowActionRow } from '../store/jams.ts';
import type { MessageRow } from '../store/messages.ts';
import type { HostRow, SeriesRow } from '../store/series.ts';
import type { DomainEvents } from './events.ts';
import { deriveShow, type ShowPlan } from './runOfShow.ts';

/** A jam with everything needed to derive its show and decide who may do what in it. */
export interface JamContext {
  jam: JamRow;
  series: SeriesRow;
  questions: QuestionRow[];
  actions: ShowActionRow[];
  panelists: PanelistRow[];
  hosts: HostRow[];
}

/** A person's standing in one jam; 'lurker' is anyone not signed in. */
export type JamRole = AuthorRole | 'lurker';

/**
 * A short-lived copy of each jam's context for the posting hot path, which would otherwise read
 * six tables per post. Local show and plan changes drop the copy at once (through the domain
 * events); changes made on another node are seen within the TTL.
 */
export class JamContextCache {
  #entries = new Map<string, { until: number; context: Promise<JamContext> }>();

  constructor(
    private readonly store: Store,
    events: DomainEvents,
    private readonly ttlMs = 1000,
  ) {
    events.on('jam:updated', ({ jamSlug }) => this.forget(jamSlug));
    events.on('question:released', ({ jamSlug }) => this.forget(jamSlug));
    // Series edits are rare and touch every jam of the series (rules to accept again): start afresh.
    events.on('series:updated', () => this.#entries.clear());
  }

  get(slug: string, now = Date.now()): Promise<JamContext> {
    const entry = this.#entries.get(slug);
    if (entry && entry.until > now) return entry.context;
    const context = loadJamContext(this.store, slug);
    this.#entries.set(slug, { until: now + this.ttlMs, context });
    context.catch(() => this.#entries.get(slug)?.context === context && this.#entries.delete(slug));
    return context;
  }

  forget(slug: string): void {
    this.#entries.delete(slug);
  }
}

export async function loadJamContext(store: Store, slug: string): Promise<JamContext> {
  const jam = await store.jams.bySlug(slug);
  if (!jam) throw notFound(`jam "${slug}"`);
  return loadJamContextFor(store, jam);
}

export async function loadJamContextFor(store: Store, jam: JamRow): Promise<JamContext> {
  const [series, questions, actions, panelists] = await Promise.all([
    store.series.byId(jam.series_id),
    store.jams.questions(jam.id),
    store.jams.actions(jam.id),
    store.jams.panelists(jam.id),
  ]);
  if (!series) throw notFound(`series of jam "${jam.slug}"`);
  const hosts = await store.series.hosts(series.id);
  return { jam, series, questions, actions, panelists, hosts };
}

export function planOf(context: JamContext): ShowPlan {
  return {
    startsAt: new Date(context.jam.starts_at),
    durationMin: context.jam.duration_min,
    offsetsMin: context.questions.map((q) => q.offset_min),
    actions: context.actions.map((a) => ({ kind: a.kind, minutes: a.minutes, at: new Date(a.at), ref: a.ref_id })),
  };
}

export function showOf(context: JamContext, now: Date): ShowState {
  return deriveShow(planOf(context), now);
}

/** How a person signs in this jam (host, panelist, participant); 'lurker' when not signed in. */
export function roleIn(context: JamContext, userId: string): AuthorRole;
export function roleIn(context: JamContext, userId: string | null): JamRole;
export function roleIn(context: JamContext, userId: string | null): JamRole {
  if (!userId) return 'lurker';
  if (context.hosts.some((h) => h.user_id === userId)) return 'host';
  if (context.panelists.some((p) => p.user_id === userId)) return 'panelist';
  return 'participant';
}

/** A message of this jam, or not_found for an unknown id or one from another jam (moderation, boosts, reports). */
export async function messageIn(store: Store, context: JamContext, id: string): Promise<MessageRow> {
  const row = await store.messages.byId(id);
  if (!row || row.jam_id !== context.jam.id) throw notFound(`message ${id}`);
  return row;
}
