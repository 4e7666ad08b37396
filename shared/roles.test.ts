import { describe, expect, it } from 'vitest';
import { allowedWho, allows, authorRoleOf, PERMISSIONS, Role, roleInJamView, roleOf, type Action } from './roles.ts';

// The whole table, written out: a change to who may do what must change this test too.
const expected: Record<Action, Record<Role, boolean>> = {
  'series:manage': { owner: true, cohost: true, panelist: false, participant: false, lurker: false },
  'series:own': { owner: true, cohost: false, panelist: false, participant: false, lurker: false },
  'jam:host': { owner: true, cohost: true, panelist: false, participant: false, lurker: false },
  'jam:prepare': { owner: true, cohost: true, panelist: true, participant: false, lurker: false },
  'jam:take-part': { owner: true, cohost: true, panelist: true, participant: true, lurker: false },
};

describe('who may do what', () => {
  it('states every action', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const action of Object.keys(expected) as Action[]) {
    for (const role of Object.values(Role)) {
      it(`${role} ${expected[action][role] ? 'may' : 'may not'} ${action}`, () => {
        expect(allows(role, action)).toBe(expected[action][role]);
      });
    }
  }

  it('names who may in a refusal', () => {
    expect(allowedWho('series:own')).toBe('the owner');
    expect(allowedWho('jam:host')).toBe('hosts');
    expect(allowedWho('jam:prepare')).toBe('hosts and panelists');
  });
});

describe('roles', () => {
  it('a host rank wins over being a panelist; no sign-in is a lurker', () => {
    expect(roleOf({ signedIn: false, hostRank: 'owner' })).toBe('lurker');
    expect(roleOf({ signedIn: true, hostRank: 'cohost', panelist: true })).toBe('cohost');
    expect(roleOf({ signedIn: true, panelist: true })).toBe('panelist');
    expect(roleOf({ signedIn: true })).toBe('participant');
  });

  it('owners and co-hosts sign as hosts', () => {
    expect(authorRoleOf('owner')).toBe('host');
    expect(authorRoleOf('cohost')).toBe('host');
    expect(authorRoleOf('panelist')).toBe('panelist');
  });

  it('the client takes the stronger of the server’s viewer state and the jam’s lists, by handle in any case', () => {
    const ann = { handle: 'Ann', displayName: 'Ann' };
    const bo = { handle: 'bo', displayName: 'Bo' };
    const jam = { hosts: [ann], panelists: [bo] };
    expect(roleInJamView(null, jam)).toBe('lurker');
    expect(roleInJamView({ handle: 'ann' }, jam)).toBe('cohost');
    expect(roleInJamView({ handle: 'ann' }, { ...jam, owner: ann })).toBe('owner');
    expect(roleInJamView({ handle: 'BO' }, jam)).toBe('panelist');
    expect(roleInJamView({ handle: 'cy' }, jam)).toBe('participant');
    expect(roleInJamView({ handle: 'cy' }, jam, { role: 'host', hostRole: 'owner' })).toBe('owner');
    expect(roleInJamView({ handle: 'ann' }, jam, { role: 'participant' })).toBe('cohost');
    expect(roleInJamView({ handle: 'cy' }, null, { role: 'panelist' })).toBe('panelist');
  });
});
