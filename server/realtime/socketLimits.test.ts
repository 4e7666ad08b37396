import { describe, expect, it } from 'vitest';
import { rateLimitConfig } from '../edge/rateLimits.ts';
import { SocketLimits } from './socketLimits.ts';

function limits(overrides: Parameters<typeof rateLimitConfig>[0] = {}) {
  const clock = { now: 1_000_000 };
  const cut: string[] = [];
  const config = rateLimitConfig({ socketEventsPerSocket: 5, socketFloodRefusals: 3, socketCoolOffMs: 30_000, ...overrides })!;
  return { clock, cut, limits: new SocketLimits(config, (id) => cut.push(id), () => clock.now) };
}

const flooder = { id: 's1', userId: 'u1', address: '203.0.113.1' };

describe('socket limits', () => {
  it('cuts a socket off after its refusals, and its account may not reconnect until the cool-off ends', async () => {
    const { clock, cut, limits: guard } = limits();
    for (let i = 0; i < 5; i++) await guard.admit(flooder, 'read');
    for (let i = 0; i < 3; i++) await expect(guard.admit(flooder, 'read')).rejects.toMatchObject({ code: 'rate_limited' });
    expect(cut).toEqual(['s1']);
    await expect(guard.admitHandshake('u1', '203.0.113.1')).rejects.toMatchObject({ code: 'rate_limited', retryAfter: 30 });
    await expect(guard.admitHandshake('u2', '203.0.113.1')).resolves.toBeUndefined();
    clock.now += 30_001;
    await expect(guard.admitHandshake('u1', '203.0.113.1')).resolves.toBeUndefined();
  });

  it('a new window forgives a socket that slowed down', async () => {
    const { clock, cut, limits: guard } = limits();
    for (let i = 0; i < 5; i++) await guard.admit(flooder, 'read');
    await expect(guard.admit(flooder, 'read')).rejects.toMatchObject({ code: 'rate_limited' });
    clock.now += 10_000;
    await expect(guard.admit(flooder, 'read')).resolves.toBeUndefined();
    expect(cut).toEqual([]);
  });

  it('refused events do not reach the address limit', async () => {
    const { limits: guard } = limits({ socketEventsPerIp: 6 });
    for (let i = 0; i < 5; i++) await guard.admit(flooder, 'read');
    for (let i = 0; i < 2; i++) await expect(guard.admit(flooder, 'read')).rejects.toMatchObject({ code: 'rate_limited' });
    // 5 counted at the address: a neighbour still has one.
    await expect(guard.admit({ id: 's2', userId: 'u2', address: '203.0.113.1' }, 'read')).resolves.toBeUndefined();
  });
});
