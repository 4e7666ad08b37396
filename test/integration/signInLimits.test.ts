import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../server/server.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';

/** Issue 14, item 1: sign-in limits key on the handle as the schema reads it, and hold across addresses. */
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function boot(options: ServerOptions = {}) {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** A sign-in as if from another address: the server trusts X-Forwarded-For from loopback (TRUST_PROXY's default). */
const signIn = (client: ApiClient, handle: string, password: string, from = '203.0.113.7') => client.request('POST', '/api/auth/signin', { handle, password }, { 'x-forwarded-for': from });

describe('sign-in limits', () => {
  it('padding or re-casing the handle does not get a fresh bucket of tries', async () => {
    const server = await boot({ rateLimits: { signInFailures: 3 } });
    const victim = await new ApiClient(server.url).signUp();
    const attacker = new ApiClient(server.url);
    const handle = victim.user!.handle;
    for (let i = 0; i < 3; i++) expect((await signIn(attacker, handle, `guess-${i}`)).status).toBe(401);
    for (const padded of [` ${handle}`, `${handle} `, `\t${handle}`, `\u00a0${handle}`, `${handle}\u3000`, `\n${handle.toUpperCase()}\u2003`]) {
      const res = await signIn(attacker, padded, 'guess-again');
      expect(res.status, JSON.stringify(padded)).toBe(429);
    }
  });

  it('failures for one account from many addresses slow sign-in down, but never lock the owner out', async () => {
    const server = await boot({ rateLimits: { signInFailures: 100, signInAccountFailures: 4, signInAccountDelayMs: 1200 } });
    const victim = await new ApiClient(server.url).signUp();
    const bystander = await new ApiClient(server.url).signUp();
    const attacker = new ApiClient(server.url);
    const handle = victim.user!.handle;
    const timed = async (run: () => Promise<{ status: number }>) => {
      const started = performance.now();
      const { status } = await run();
      return { status, ms: performance.now() - started };
    };
    // Each from a fresh address: the per-address limit never sees more than one.
    for (let i = 0; i < 4; i++) expect((await timed(() => signIn(attacker, handle, `guess-${i}`, `198.51.100.${i + 1}`))).status).toBe(401);
    const slowed = await timed(() => signIn(attacker, ` ${handle.toUpperCase()}`, 'guess-5', '198.51.100.50'));
    expect(slowed.status).toBe(401);
    expect(slowed.ms).toBeGreaterThanOrEqual(1100);
    // The owner, from home, gets in: slower, not locked out.
    const owner = await timed(() => signIn(new ApiClient(server.url), handle, 'correct horse battery', '192.0.2.10'));
    expect(owner.status).toBe(200);
    expect(owner.ms).toBeGreaterThanOrEqual(1100);
    // Another account is not slowed.
    const other = await timed(() => signIn(new ApiClient(server.url), bystander.user!.handle, 'correct horse battery', '198.51.100.50'));
    expect(other.status).toBe(200);
    expect(other.ms).toBeLessThan(1000);
  });
});
