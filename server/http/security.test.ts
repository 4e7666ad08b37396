import { afterEach, describe, expect, it } from 'vitest';
import { defaultRateLimits, rateLimitConfig } from './rateLimits.ts';
import { allowedOrigins, isAllowedOrigin } from './security.ts';

afterEach(() => {
  delete process.env.ALLOWED_ORIGINS;
  delete process.env.RATE_LIMITS;
});

describe('origin checks', () => {
  it('lets in our own host, listed origins and clients that send no Origin; nothing else', () => {
    process.env.ALLOWED_ORIGINS = 'https://app.example, https://admin.example:8443/ignored-path,not a url';
    const allowed = allowedOrigins();
    expect(isAllowedOrigin(undefined, 'jam.example', allowed)).toBe(true);
    expect(isAllowedOrigin('https://jam.example', 'jam.example', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000', allowed)).toBe(true);
    expect(isAllowedOrigin('https://app.example', 'jam.example', allowed)).toBe(true);
    expect(isAllowedOrigin('https://admin.example:8443', 'jam.example', allowed)).toBe(true);
    expect(isAllowedOrigin('https://evil.example', 'jam.example', allowed)).toBe(false);
    expect(isAllowedOrigin('https://jam.example.evil.example', 'jam.example', allowed)).toBe(false);
    expect(isAllowedOrigin('http://localhost:3001', 'localhost:3000', allowed)).toBe(false);
    expect(isAllowedOrigin('null', 'jam.example', allowed)).toBe(false);
    expect(isAllowedOrigin('file://', 'jam.example', allowed)).toBe(false);
  });
});

describe('rate limit configuration', () => {
  it('is on by default, partly overridable, and off only when asked', () => {
    expect(rateLimitConfig(undefined)).toMatchObject({ signInFailures: defaultRateLimits.signInFailures, writesPerUser: defaultRateLimits.writesPerUser });
    expect(rateLimitConfig({ signInFailures: 3 })).toMatchObject({ signInFailures: 3, signUpPerIp: defaultRateLimits.signUpPerIp });
    expect(rateLimitConfig(false)).toBeNull();
    process.env.RATE_LIMITS = 'off';
    expect(rateLimitConfig(undefined)).toBeNull();
  });
});
