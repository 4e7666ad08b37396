import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index.ts';
import { prepared } from './prepared.ts';

describe('prepared queries', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: '.', sqliteFile: ':memory:' });
    const at = '2026-01-01T00:00:00.000Z';
    for (const id of ['a', 'b']) {
      await store.users.insert({ id, handle: id, handle_key: id, display_name: id.toUpperCase(), password_hash: 'x', bio: '', avatar_url: null, created_at: at });
      await store.users.insertSession({ id: `s-${id}`, user_id: id, created_at: at, expires_at: '2026-02-01T00:00:00.000Z' });
    }
  });
  afterAll(() => store.close());

  it('binds each call its own arguments, compiled once', async () => {
    expect((await store.users.bySession('s-a', '2026-01-15T00:00:00.000Z'))?.id).toBe('a');
    expect((await store.users.bySession('s-b', '2026-01-15T00:00:00.000Z'))?.id).toBe('b');
    // Expired by the second argument: the first call's values are not kept.
    expect(await store.users.bySession('s-a', '2026-03-01T00:00:00.000Z')).toBeUndefined();
    expect(await store.users.bySession('nope', '2026-01-15T00:00:00.000Z')).toBeUndefined();
  });

  it('keeps the parameters built in as constants', async () => {
    const named = prepared<{ id: string }, { display_name: string }>(store.db, (a) => store.db.selectFrom('users').select('display_name').where('id', '=', a.id).where('bio', '=', '').where('handle', '!=', 'zzz'));
    expect(await named({ id: 'b' })).toEqual([{ display_name: 'B' }]);
    expect(await named({ id: 'a' })).toEqual([{ display_name: 'A' }]);
  });
});
