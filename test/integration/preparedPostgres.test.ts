import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

describeWithServices(['postgres'], 'prepared queries on PostgreSQL', () => {
  let store: Store;
  let schema: Awaited<ReturnType<typeof freshPostgresSchema>>;
  beforeAll(async () => {
    schema = await freshPostgresSchema();
    const size = process.env.PG_POOL_SIZE;
    process.env.PG_POOL_SIZE = '1';
    store = await openStore({ databaseUrl: schema.url, dataDir: '.' });
    if (size === undefined) delete process.env.PG_POOL_SIZE;
    else process.env.PG_POOL_SIZE = size;
  });
  afterAll(async () => {
    await store?.close();
    await schema?.drop();
  });

  it('are named statements, parsed and planned once per connection', async () => {
    const named = async () => (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(store.db)).rows.map((r) => r.name);
    expect(await store.users.bySession('nope', '2026-01-15T00:00:00.000Z')).toBeUndefined();
    const after = await named();
    expect(after.filter((name) => name.startsWith('tj_prepared_'))).toHaveLength(1);
    expect(await store.users.bySession('nope', '2026-01-16T00:00:00.000Z')).toBeUndefined();
    expect(await named()).toEqual(after);
  });
});
