import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay, bridgeSetup } from './config.ts';
import { openToken, sealToken } from './crypto.ts';

describe('token sealing', () => {
  const key = randomBytes(32);

  it('opens what it sealed, and the sealed form does not contain the token', () => {
    const sealed = sealToken(key, 'access-token-123');
    expect(sealed).not.toContain('access-token-123');
    expect(openToken(key, sealed)).toBe('access-token-123');
  });

  it('seals the same token differently each time', () => {
    expect(sealToken(key, 'same')).not.toBe(sealToken(key, 'same'));
  });

  it('refuses a tampered value and a value sealed under another key', () => {
    const sealed = sealToken(key, 'secret');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => openToken(key, [...parts.slice(0, 3), flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => openToken(randomBytes(32), sealed)).toThrow();
  });
});

describe('bridge config', () => {
  it('is off, with a reason, until a client id and a 32-byte key are set', () => {
    expect(bridgeSetup({}, {})).toMatchObject({ enabled: false });
    expect(bridgeSetup({}, { X_CLIENT_ID: 'id', X_TOKEN_KEY: 'short' })).toMatchObject({ enabled: false, reason: expect.stringContaining('32 bytes') });
    const on = bridgeSetup({}, { X_CLIENT_ID: 'id', X_TOKEN_KEY: randomBytes(32).toString('hex'), PUBLIC_URL: 'https://jams.example/' });
    expect(on).toMatchObject({ enabled: true, config: { callbackUrl: 'https://jams.example/api/x/callback', apiBase: 'https://api.x.com' } });
  });

  it('backs off with jitter inside a growing ceiling', () => {
    const config = { backoffMinMs: 100, backoffMaxMs: 1000 };
    expect(backoffDelay(config, 1, () => 0)).toBe(50);
    expect(backoffDelay(config, 1, () => 1)).toBe(100);
    expect(backoffDelay(config, 3, () => 1)).toBe(400);
    expect(backoffDelay(config, 10, () => 1)).toBe(1000);
  });
});
