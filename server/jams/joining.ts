import { MESSAGE_PAGE_MAX } from '../../shared/model.ts';
import type { JamJoinResult, PresenceView } from '../../shared/protocol.ts';
import type { ViewerIdentity } from '../metrics/viewers.ts';
import type { MetricsService } from '../metrics/service.ts';
import type { Standing } from '../moderation/standing.ts';
import { presentMessage } from '../presenters.ts';
import type { UserRow } from '../store/users.ts';
import { loadJamContext, roleIn, type JamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import { can } from '../core/policy.ts';
import type { JamService } from './jams.ts';

/** A resuming client gets at most this many missed messages with its join; it pages for more. */
export const CATCH_UP_LIMIT = MESSAGE_PAGE_MAX;
/** Names in a presence view: the here-now list shows this many; counts stay exact beyond it. */
const PRESENCE_NAMES = 100;

/** Distinct signed-in users (a Set, or a Map's keys): read where it is needed, never copied whole. */
export interface UserIds {
  readonly size: number;
  has(id: string): boolean;
  keys(): Iterable<string>;
}

/** Who is connected to a jam right now, as the realtime edge counts it (across nodes). */
export interface Here {
  /** Signed-in people with a connection open to the jam. */
  userIds: UserIds;
  /** Every connection watching, signed in or not. */
  viewers: number;
  /** Connections without an account. */
  lurkers: number;
}

/**
 * Entering a jam's live view: the jam as the caller may see it, the stream from where they are,
 * their standing and who is here, composed once for whichever edge asks (today the socket join).
 */
export class Joining {
  constructor(
    private readonly deps: Deps,
    private readonly jams: JamService,
    private readonly standing: Standing,
    private readonly metrics: MetricsService,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * `since` (the last seq the caller holds) resumes: everything visible after it, up to
   * CATCH_UP_LIMIT; without it, the newest page. `enter` subscribes the caller (told whether they see hosts-only events)
   * before anything is read, so whatever is published after the reads still reaches them; `here`
   * is asked after that, so the counts include the caller. `visitor` is counted as a viewer.
   */
  async join(user: UserRow | null, slug: string, options: { since?: number; visitor: ViewerIdentity; enter: (hostsOnly: boolean) => Promise<void>; here: () => Here }): Promise<JamJoinResult> {
    const context = await loadJamContext(this.deps.store, slug);
    await options.enter(can(user, 'jam:host', context));
    // Viewer counting (metrics) never delays or fails a join.
    this.metrics.viewers.joined(context.jam, options.visitor).catch(this.onError);
    const here = options.here();
    const [jam, page, viewer, presence] = await Promise.all([
      this.jams.viewOf(context, user),
      options.since === undefined ? this.jams.latestPage(context) : this.catchUp(context, options.since),
      this.standing.viewerOf(context, user),
      this.presenceOf(context, here),
    ]);
    return { jam, ...page, viewers: here.viewers, viewer, presence };
  }

  /** Whether the user sees a jam's hosts-only events (re-checked for a socket that came back by recovery). */
  async hosts(user: UserRow | null, slug: string): Promise<boolean> {
    return can(user, 'jam:host', await loadJamContext(this.deps.store, slug));
  }

  /** Who is here in a jam: counts, the panelists and hosts online, and up to PRESENCE_NAMES names. */
  async presence(slug: string, here: Here): Promise<PresenceView> {
    return this.presenceOf(await loadJamContext(this.deps.store, slug), here);
  }

  private async catchUp(context: JamContext, since: number) {
    const rows = await this.deps.store.messages.after(context.jam.id, since, CATCH_UP_LIMIT);
    return { messages: rows.map((row) => presentMessage(row, context.jam.slug)), hasEarlier: false, lastSeq: context.jam.last_seq };
  }

  private async presenceOf(context: JamContext, here: Here): Promise<PresenceView> {
    const ids = here.userIds;
    const participants = ids.size;
    const panelistsOnline = context.panelists.filter((p) => ids.has(p.user_id)).map((p) => p.handle);
    const hostsOnline = context.hosts.filter((h) => ids.has(h.user_id)).map((h) => h.handle);
    // Only the names shown are read: copying every id per join made a big jam's joins quadratic.
    const named: string[] = [];
    for (const id of ids.keys()) if (named.push(id) >= PRESENCE_NAMES) break;
    const users = await this.deps.store.users.byIds(named);
    const people = users.map((u) => ({ handle: u.handle, displayName: u.display_name, role: roleIn(context, u.id) }));
    return { jamSlug: context.jam.slug, viewers: here.viewers, participants, lurkers: here.lurkers, panelistsOnline, hostsOnline, people };
  }
}
