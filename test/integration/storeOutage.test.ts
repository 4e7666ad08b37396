import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, until } from '../support/harness.ts';
import { relay } from '../support/relay.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

/**
 * Issue 14, item 8: while PostgreSQL is unreachable, /readyz says "not ready" (so a load balancer
 * stops sending writes that would fail) and /healthz answers its documented `{ ok: false, … }`.
 * The database sits behind a relay this test cuts: the shared PostgreSQL is never stopped.
 */
describeWithServices(['postgres'], 'readiness while PostgreSQL is unreachable', () => {
  let proxy: Awaited<ReturnType<typeof relay>>;
  let schema: Awaited<ReturnType<typeof freshPostgresSchema>>;
  let server: RunningServer;

  beforeAll(async () => {
    schema = await freshPostgresSchema();
    const url = new URL(schema.url);
    proxy = await relay(new URL(schema.url), 5432);
    url.host = new URL(proxy.url).host;
    server = await startTestServer({ databaseUrl: url.toString() });
  });
  afterAll(async () => {
    proxy?.restore();
    await server?.close();
    await proxy?.close();
    await schema?.drop();
  });

  const probe = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('turns /readyz 503 and /healthz into { ok: false } while the store is away, and back when it returns', { timeout: 30_000 }, async () => {
    expect(await probe('/readyz')).toEqual({ status: 200, body: { ready: true, phase: 'serving', store: 'up' } });
    expect(await probe('/healthz')).toEqual({ status: 200, body: { ok: true, store: 'postgres', adapter: 'memory' } });

    proxy.cut();
    expect(await until(async () => ((p) => p.status === 503 && p)(await probe('/readyz')), 10_000)).toEqual({ status: 503, body: { ready: false, phase: 'serving', store: 'down' } });
    expect(await probe('/healthz')).toEqual({ status: 503, body: { ok: false, store: 'postgres', storeError: 'unreachable', adapter: 'memory' } });
    // Writes meanwhile: retryable, never a 500.
    const write = await new ApiClient(server.url).post('/api/auth/signup', { handle: 'during_outage', password: 'correct horse battery' });
    expect(write.status).toBe(503);

    proxy.restore();
    expect(await until(async () => ((p) => p.status === 200 && p)(await probe('/readyz')), 10_000)).toEqual({ status: 200, body: { ready: true, phase: 'serving', store: 'up' } });
    expect((await probe('/healthz')).body).toMatchObject({ ok: true });
  });
});
