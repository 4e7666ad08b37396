import { nanoid } from 'nanoid';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { storedMessages } from '../support/ledger.ts';

/**
 * PostgreSQL dropping the server's connections mid-jam (a failover, a restart, an admin's
 * pg_terminate_backend): posts are stored or refused as retryable, never a 500, and the node stays up.
 */
const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<string | null> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const problem = await reachable();
if (problem && process.env.TJ_REQUIRE_SERVICES !== '1') console.warn(`\n[skipped] PostgreSQL store faults: ${POSTGRES_URL} unreachable (${problem}).\n`);

describe.skipIf(problem !== null && process.env.TJ_REQUIRE_SERVICES !== '1')('posting when PostgreSQL drops its connections', () => {
  // A database of its own (not a schema: Kysely's migrator would find another schema's migration tables).
  const database = `tj_rel_${nanoid(10).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const app = database;
  let admin: Client;
  let server: RunningServer;

  beforeAll(async () => {
    if (problem) throw new Error(`TJ_REQUIRE_SERVICES=1 but PostgreSQL is unreachable: ${problem}`);
    admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${database}`;
    url.searchParams.set('application_name', app);
    server = await startTestServer({ databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await server?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  it('stores or refuses as retryable every post while its connections are killed, and takes every retry once', { timeout: 60_000 }, async () => {
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const person = await new ApiClient(server.url).signUp();

    const killing = { on: true };
    let killed = 0;
    const killer = (async () => {
      while (killing.on) {
        const res = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
        killed += res.rowCount ?? 0;
        await new Promise((r) => setTimeout(r, 60));
      }
    })();

    const outcomes = new Map<number, number>();
    const owed: string[] = [];
    const acked = new Map<string, string>();
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let i = 0; i < 60; i++) {
          const clientId = `pgfault${lane}x${i}`;
          const res = await person.postMessage(jam.slug, `A1: lane ${lane} post ${i}`, { clientId });
          outcomes.set(res.status, (outcomes.get(res.status) ?? 0) + 1);
          if (res.status === 201) acked.set(clientId, res.body.message.id);
          else {
            // Sign-in lookups and the post itself may both meet a dropped connection: only 503 is acceptable.
            expect(res.status, JSON.stringify(res.body)).toBe(503);
            expect(res.body.error).toMatchObject({ code: 'unavailable', retryAfter: expect.any(Number) });
            owed.push(clientId);
          }
        }
      }),
    );
    killing.on = false;
    await killer;
    console.log(`PostgreSQL faults: ${killed} connections killed; answers by status ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(killed).toBeGreaterThan(0);
    expect(outcomes.get(503)).toBeGreaterThan(0);

    for (const clientId of owed) {
      const lane = clientId.slice(7).split('x');
      const res = await person.postMessage(jam.slug, `A1: lane ${lane[0]} post ${lane[1]}`, { clientId });
      expect([200, 201]).toContain(res.status);
      acked.set(clientId, res.body.message.id);
    }
    const stored = await storedMessages(person, jam.slug);
    expect(stored).toHaveLength(240);
    expect(new Set(stored.map((m) => m.clientId)).size).toBe(240);
    for (const m of stored) expect(acked.get(m.clientId)).toBe(m.id);
    expect((await person.get('/healthz')).status).toBe(200);
  });
});
