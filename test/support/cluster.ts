import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { JamSocket } from './harness.ts';
import { spawnServer, type ServerProcess } from './process.ts';
import { freshPostgresSchema, REDIS_URL, redisPrefix } from './services.ts';

export interface TwoNodes {
  a: ServerProcess;
  b: ServerProcess;
  /** Sockets a test opened, disconnected after the describe. */
  sockets: JamSocket[];
}

/**
 * Two real server processes behind one fresh PostgreSQL schema and one Redis, as in production,
 * started (and migrated) at once as a rolling deploy would, before the describe's tests; killed after.
 */
export function twoNodes(): TwoNodes {
  const nodes = { sockets: [] } as unknown as TwoNodes;
  let schema: Awaited<ReturnType<typeof freshPostgresSchema>>;
  beforeAll(async () => {
    schema = await freshPostgresSchema();
    const env = { DATABASE_URL: schema.url, REDIS_URL, REDIS_KEY: redisPrefix() };
    // Each node has its own (unused) data folder: the store is PostgreSQL.
    const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-node-'));
    // A generous start timeout: two cores shared with the rest of the suite.
    [nodes.a, nodes.b] = await Promise.all([spawnServer(dataDir(), env, 90_000), spawnServer(dataDir(), env, 90_000)]);
  }, 120_000);
  afterAll(async () => {
    nodes.sockets.forEach((s) => s.disconnect());
    await Promise.all([nodes.a?.kill('SIGKILL'), nodes.b?.kill('SIGKILL')]);
    await schema?.drop();
  });
  return nodes;
}
