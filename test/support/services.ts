import net from 'node:net';
import { nanoid } from 'nanoid';
import { Client } from 'pg';
import { describe } from 'vitest';

/**
 * PostgreSQL and Redis for tests. When a service answers, its tests run. When it does not:
 * with TJ_REQUIRE_SERVICES=1 (CI) the tests FAIL; otherwise they are skipped with a visible message.
 */

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const servicesRequired = process.env.TJ_REQUIRE_SERVICES === '1';

export type Service = 'postgres' | 'redis';

async function probePostgres(): Promise<string | null> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL} is unreachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A raw PING over TCP: no client library needed to tell whether Redis answers. */
function probeRedis(): Promise<string | null> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (problem: string | null) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(2000, () => done(`Redis at ${REDIS_URL} did not answer within 2 s`));
    socket.once('error', (error) => done(`Redis at ${REDIS_URL} is unreachable: ${error.message}`));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') ? null : `Redis at ${REDIS_URL} answered ${JSON.stringify(data.toString().trim())}`));
  });
}

const problems: Record<Service, string | null> = { postgres: await probePostgres(), redis: await probeRedis() };

/** A describe block that needs real services: runs, fails (CI) or skips loudly (local). */
export function describeWithServices(needs: Service[], name: string, body: () => void): void {
  const missing = needs.map((s) => problems[s]).filter((p): p is string => p !== null);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  if (servicesRequired) {
    // CI: collecting the suite throws with the reason, so the file fails instead of passing by skipping.
    describe(name, () => {
      throw new Error(`TJ_REQUIRE_SERVICES=1 but ${missing.join('; ')}`);
    });
    return;
  }
  console.warn(`\n[skipped] "${name}" needs ${needs.join(' + ')}: ${missing.join('; ')}. Start the service(s) or set TJ_REQUIRE_SERVICES=1 to make this a failure.\n`);
  describe.skip(name, body);
}

/**
 * A fresh PostgreSQL schema for one test run, so parallel runs never collide. The returned URL
 * pins search_path to it; drop() removes it and everything in it.
 */
export async function freshPostgresSchema(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `tj_test_${nanoid(10).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * The store for a suite that runs on either database: a fresh PostgreSQL schema when
 * TEST_DATABASE_URL is set (never the database's shared public schema, which other checkouts'
 * runs may have migrated differently), else the harness's in-memory SQLite.
 */
export async function storeUnderTest(): Promise<{ databaseUrl?: string; drop(): Promise<void> }> {
  if (!process.env.TEST_DATABASE_URL) return { drop: async () => {} };
  const schema = await freshPostgresSchema();
  return { databaseUrl: schema.url, drop: schema.drop };
}

/** A key prefix unique to this run, for tests that touch Redis. */
export const redisPrefix = () => `tj-test-${nanoid(8)}`;
