import { describe, expect, it } from 'vitest';
import { PERMISSIONS, type Action } from '../../shared/roles.ts';
import { AppError } from '../errors.ts';
import type { PanelistRow } from '../store/jams.ts';
import type { HostRow, SeriesRow } from '../store/series.ts';
import { authorize, can, roleAt } from './policy.ts';

const series = { id: 's1', slug: 'cx', hashtag: '#cx' } as SeriesRow;
const hosts: HostRow[] = [
  { user_id: 'owner', handle: 'owner', display_name: 'Owner', role: 'owner' },
  { user_id: 'cohost', handle: 'cohost', display_name: 'Co-host', role: 'cohost' },
];
const panelists = [{ user_id: 'panelist' }, { user_id: 'cohost' }] as PanelistRow[];
const jam = { series, hosts, panelists };

const people = { owner: { id: 'owner' }, cohost: { id: 'cohost' }, panelist: { id: 'panelist' }, participant: { id: 'someone' }, lurker: null } as const;

describe('the server policy', () => {
  it('finds each person’s role from the series’ hosts and the jam’s panelists', () => {
    for (const [role, user] of Object.entries(people)) expect(roleAt(user, jam)).toBe(role);
    // In a series (no panelists), a jam's panelist is just a participant.
    expect(roleAt(people.panelist, { series, hosts })).toBe('participant');
  });

  for (const action of Object.keys(PERMISSIONS) as Action[]) {
    it(`decides ${action} for every role from the one table, and refuses the rest with forbidden`, () => {
      for (const [role, user] of Object.entries(people)) {
        const allowed = (PERMISSIONS[action] as readonly string[]).includes(role);
        expect(can(user, action, jam), `${role} ${action}`).toBe(allowed);
        if (allowed) expect(() => authorize(user, action, jam, 'do it')).not.toThrow();
        else expect(() => authorize(user, action, jam, 'do it')).toThrow(AppError);
      }
    });
  }

  it('names who may, or asks a lurker to sign in', () => {
    expect(() => authorize(people.cohost, 'series:own', jam, 'add co-hosts')).toThrow('only the owner of #cx can add co-hosts');
    expect(() => authorize(people.participant, 'jam:prepare', jam, 'read the queue')).toThrow('only hosts and panelists of #cx can read the queue');
    expect(() => authorize(people.lurker, 'jam:take-part', jam, 'post')).toThrow('sign in to post');
  });
});
