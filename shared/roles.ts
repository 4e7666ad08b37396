import type { AuthorRole } from './model.ts';

/**
 * Who may do what, stated once. The server's policy (server/core/policy.ts) enforces it; the
 * client reads the same table only to show or hide controls.
 */

/** A person's standing in one series or jam; 'lurker' is anyone not signed in. */
export const Role = { owner: 'owner', cohost: 'cohost', panelist: 'panelist', participant: 'participant', lurker: 'lurker' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** A host's rank in its series. */
export type HostRank = 'owner' | 'cohost';

const HOSTS = ['owner', 'cohost'] as const;

/** Each action and the roles allowed it. */
export const PERMISSIONS = {
  /** Change a series and what hangs off it: settings, new jams, canned posts, webhooks, embeds, sanctions, automod rules, the audit log, the bridges' state. */
  'series:manage': HOSTS,
  /** Add or remove co-hosts, link or unlink the series' bridged accounts. */
  'series:own': ['owner'],
  /** Run the show, edit the jam, moderate its messages, audience questions and polls, panelists, the reports queue, recaps, contributor exports. */
  'jam:host': HOSTS,
  /** Read the questions before they are released and the not-yet-answered queue: the jam's team prepares ahead. */
  'jam:prepare': [...HOSTS, 'panelist'],
  /** Post, reply, boost, report, ask and vote: anyone signed in (each still subject to their standing). */
  'jam:take-part': [...HOSTS, 'panelist', 'participant'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

/** Whether the role is allowed the action. */
export function allows(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

/** The role from what is known of a person: signed in or not, host rank in the series, panelist of the jam. */
export function roleOf(person: { signedIn: boolean; hostRank?: HostRank | null; panelist?: boolean }): Role {
  if (!person.signedIn) return 'lurker';
  if (person.hostRank) return person.hostRank;
  return person.panelist ? 'panelist' : 'participant';
}

/** How a role signs its messages: owners and co-hosts are both hosts. */
export function authorRoleOf(role: Exclude<Role, 'lurker'>): AuthorRole {
  return role === 'owner' || role === 'cohost' ? 'host' : role;
}

/** Who a refusal names: "hosts", "the owner", "hosts and panelists". */
export function allowedWho(action: Action): string {
  const roles = PERMISSIONS[action] as readonly Role[];
  if (roles.includes('participant')) return 'people signed in';
  if (roles.includes('panelist')) return 'hosts and panelists';
  return roles.includes('cohost') ? 'hosts' : 'the owner';
}

const sameHandle = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const STRENGTH: Role[] = ['lurker', 'participant', 'panelist', 'cohost', 'owner'];

/**
 * The signed-in person's role in a jam or series as the client knows it: the stronger of the
 * server's word on the socket (`viewer`) and the host and panelist lists (either may be the
 * fresher). For showing controls only: the server decides.
 */
export function roleInJamView(
  me: { handle: string } | null,
  jam: { hosts: { handle: string }[]; panelists?: { handle: string }[]; owner?: { handle: string } } | null,
  viewer?: { role: AuthorRole; hostRole?: HostRank | null } | null,
): Role {
  if (!me) return 'lurker';
  const told: Role = !viewer ? 'participant' : viewer.role === 'host' ? (viewer.hostRole ?? 'cohost') : viewer.role;
  const listed: Role = !jam
    ? 'participant'
    : jam.owner && sameHandle(jam.owner.handle, me.handle)
      ? 'owner'
      : jam.hosts.some((h) => sameHandle(h.handle, me.handle))
        ? 'cohost'
        : (jam.panelists ?? []).some((p) => sameHandle(p.handle, me.handle))
          ? 'panelist'
          : 'participant';
  return STRENGTH.indexOf(told) > STRENGTH.indexOf(listed) ? told : listed;
}
