import { allowedWho, allows, roleOf, type Action, type Role } from '../../shared/roles.ts';
import { forbidden, notFound } from '../errors.ts';
import type { Store } from '../store/index.ts';
import type { PanelistRow } from '../store/jams.ts';
import type { HostRow, SeriesRow } from '../store/series.ts';
import { loadJamContext, type JamContext } from './context.ts';

/**
 * Permissions, enforced: every "may this person do that here?" of the server asks `can` or
 * `authorize`, against the one table in shared/roles.ts. Standing (bans, mutes, rules) is not a
 * permission: moderation/standing.ts checks it on top.
 */

/** What a permission is decided on: a series with its hosts, or a jam's context (which adds panelists). */
export interface PolicyTarget {
  series: SeriesRow;
  hosts: HostRow[];
  panelists?: PanelistRow[];
}

/** The person's role in the series or jam. */
export function roleAt(user: { id: string } | null, target: PolicyTarget): Role {
  if (!user) return 'lurker';
  const host = target.hosts.find((h) => h.user_id === user.id);
  return roleOf({ signedIn: true, hostRank: host?.role, panelist: target.panelists?.some((p) => p.user_id === user.id) ?? false });
}

/** Whether the person may do the action in this series or jam. */
export function can(user: { id: string } | null, action: Action, target: PolicyTarget): boolean {
  return allows(roleAt(user, target), action);
}

/** Throws forbidden, naming who may, unless the person may do the action; `doing` finishes "only hosts of #x can …". */
export function authorize(user: { id: string } | null, action: Action, target: PolicyTarget, doing: string): void {
  if (can(user, action, target)) return;
  if (!user) throw forbidden(`sign in to ${doing}`);
  throw forbidden(`only ${allowedWho(action)} of ${target.series.hashtag} can ${doing}`);
}

/** A series and its hosts, when the person may do the action there; not_found or forbidden otherwise. */
export async function seriesAllowing(store: Store, user: { id: string } | null, action: Action, slug: string, doing: string): Promise<PolicyTarget> {
  const series = await store.series.bySlug(slug);
  if (!series) throw notFound(`series "${slug}"`);
  const target = { series, hosts: await store.series.hosts(series.id) };
  authorize(user, action, target, doing);
  return target;
}

/** A jam's context, when the person may do the action there; not_found or forbidden otherwise. */
export async function jamAllowing(store: Store, user: { id: string } | null, action: Action, slug: string, doing: string): Promise<JamContext> {
  const context = await loadJamContext(store, slug);
  authorize(user, action, context, doing);
  return context;
}

/**
 * Who may read a jam's questions before they are released: everyone when the host made them
 * public, otherwise its team only (hosts, and panelists, who prepare their answers ahead).
 * Released questions are public in any case (see `presentJam`).
 */
export function readsQuestionsAhead(user: { id: string } | null, context: JamContext): boolean {
  return context.jam.questions_public === 1 || can(user, 'jam:prepare', context);
}
