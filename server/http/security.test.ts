import { afterEach, describe, expect, it } from 'vitest';
import { defaultRateLimits, rateLimitConfig } from '../edge/rateLimits.ts';
import { allowedOrigins, isAllowedOrigin } from '../edge/origins.ts';

afterEach(() => {
  delete process.env.ALLOWED_ORIGINS;
  delete process.env.RATE_LIMITS;
});

describe('origin checks', () => {
  it('lets in our own host, listed origins and clients that send no Origin; nothing else', () => {
    process.env.ALLOWED_ORIGINS = 'https://app.example, https://admin.example:8443/ignored-path,not a url';
    const allowed = allowedOrigins();
    expect(isAllowedOrigin(undefined, 'jam.example', 'https', allowed)).toBe(true);
    expect(isAllowedOrigin('https://jam.example', 'jam.example', 'https', allowed)).toBe(true);
    expect(isAllowedOrigin('http://localhost:3000', 'localhost:3000', 'http', allowed)).toBe(true);
    expect(isAllowedOrigin('https://app.example', 'jam.example', 'https', allowed)).toBe(true);
    expect(isAllowedOrigin('https://admin.example:8443', 'jam.example', 'https', allowed)).toBe(true);
    expect(isAllowedOrigin('https://evil.example', 'jam.example', 'https', allowed)).toBe(false);
    expect(isAllowedOrigin('https://jam.example.evil.example', 'jam.example', 'https', allowed)).toBe(false);
    expect(isAllowedOrigin('http://localhost:3001', 'localhost:3000', 'http', allowed)).toBe(false);
    expect(isAllowedOrigin('null', 'jam.example', 'https', allowed)).toBe(false);
    expect(isAllowedOrigin('file://', 'jam.example', 'https', allowed)).toBe(false);
  });

  it('compares the scheme too: our host over the other scheme is another origin', () => {
    const allowed = new Set<string>();
    expect(isAllowedOrigin('http://jam.example', 'jam.example', 'https', allowed)).toBe(false);
    expect(isAllowedOrigin('https://localhost:3000', 'localhost:3000', 'http', allowed)).toBe(false);
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
