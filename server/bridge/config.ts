/** How the X bridge is configured: from env in production, from options in tests. */
export interface BridgeConfig {
  clientId: string;
  clientSecret: string | undefined;
  /** Where X sends the owner back after consent; registered in the X app. Null: derived from the request. */
  callbackUrl: string | null;
  /** 32 bytes that seal tokens at rest (AES-256-GCM). */
  tokenKey: Buffer;
  /** https://api.x.com, or a local mock in tests. */
  apiBase: string;
  /** App-only bearer token: enables the filtered stream (X Pro access and above) instead of recent-search polling. */
  bearerToken: string | undefined;
  /** How often recent search is polled while a jam is live. */
  pollMs: number;
  /** Smallest and largest wait between retries (network errors, stream reconnects); jittered. */
  backoffMinMs: number;
  backoffMaxMs: number;
}

/**
 * What hosts are told when the bridge is off. Hosts are not operators: the variables to set are
 * in the README and in the operator's log ("X bridge off", with the reason), never in the console.
 */
export const X_UNAVAILABLE = 'X is not available on this server, so this series cannot be linked to X. The jam itself runs as usual.';

/** Config from options and env, or the reason the bridge is off (the native jam runs regardless). */
export type BridgeSetup = { enabled: true; config: BridgeConfig } | { enabled: false; reason: string };

export type BridgeOptions = Partial<Omit<BridgeConfig, 'tokenKey'>> & { tokenKey?: string | Buffer };

const DEFAULT_POLL_MS = 15_000;

export function bridgeSetup(options: BridgeOptions = {}, env: NodeJS.ProcessEnv = process.env): BridgeSetup {
  const clientId = options.clientId ?? env.X_CLIENT_ID;
  const rawKey = options.tokenKey ?? env.X_TOKEN_KEY;
  if (!clientId) return { enabled: false, reason: 'the X bridge is not configured on this server (set X_CLIENT_ID, X_CLIENT_SECRET and X_TOKEN_KEY)' };
  if (!rawKey) return { enabled: false, reason: 'the X bridge needs X_TOKEN_KEY (32 bytes, base64 or hex) to store tokens encrypted' };
  const tokenKey = parseKey(rawKey);
  if (!tokenKey) return { enabled: false, reason: 'X_TOKEN_KEY must be 32 bytes, written as base64 or 64 hex digits' };
  const publicUrl = env.PUBLIC_URL?.replace(/\/$/, '');
  const pollMs = options.pollMs ?? (Number(env.X_POLL_MS) || DEFAULT_POLL_MS);
  return {
    enabled: true,
    config: {
      clientId,
      clientSecret: options.clientSecret ?? (env.X_CLIENT_SECRET || undefined),
      callbackUrl: options.callbackUrl ?? env.X_CALLBACK_URL ?? (publicUrl ? `${publicUrl}/api/x/callback` : null),
      tokenKey,
      apiBase: (options.apiBase ?? env.X_API_BASE ?? 'https://api.x.com').replace(/\/$/, ''),
      bearerToken: options.bearerToken ?? (env.X_BEARER_TOKEN || undefined),
      pollMs,
      backoffMinMs: options.backoffMinMs ?? 1_000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
    },
  };
}

/** 32 bytes from a Buffer, base64 or 64 hex digits; null otherwise. */
export function parseKey(raw: string | Buffer): Buffer | null {
  if (Buffer.isBuffer(raw)) return raw.length === 32 ? raw : null;
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return key.length === 32 ? key : null;
}

/** Full jitter: a random wait up to an exponentially growing ceiling, so reconnecting nodes do not stampede. */
export function backoffDelay(config: Pick<BridgeConfig, 'backoffMinMs' | 'backoffMaxMs'>, attempt: number, random = Math.random): number {
  const ceiling = Math.min(config.backoffMaxMs, config.backoffMinMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(config.backoffMinMs / 2 + random() * (ceiling - config.backoffMinMs / 2));
}
