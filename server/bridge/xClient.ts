import http from 'node:http';
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import type { BridgeConfig } from './config.ts';
import type { BridgeFailure } from './shape/adapter.ts';

/** twitter-api-v2 hard-codes these origins; anything else (a local mock) is reached by rewriting the URL. */
const X_ORIGINS = ['https://api.x.com', 'https://api.twitter.com'];
const REQUEST_TIMEOUT_MS = 20_000;

/** Builds twitter-api-v2 clients pointed at config.apiBase (the real X unless a mock is configured). */
export class XClients {
  readonly #settings: { plugins?: ITwitterApiClientPlugin[]; httpAgent?: http.Agent };

  constructor(private readonly config: BridgeConfig) {
    const base = config.apiBase;
    const rewrite = (url: string) => {
      for (const origin of X_ORIGINS) if (url.startsWith(origin)) return base + url.slice(origin.length);
      return url;
    };
    const plugin: ITwitterApiClientPlugin = {
      onBeforeRequestConfig: ({ params }) => {
        params.url = rewrite(params.url);
        // The library sets no timeout: a hung X must not hold a queue (or shutdown) forever.
        params.timeout ??= REQUEST_TIMEOUT_MS;
      },
      onBeforeStreamRequestConfig: ({ params }) => {
        params.url = rewrite(params.url);
      },
    };
    // The library always uses https.request; an http:// mock needs a plain agent.
    this.#settings = { plugins: [plugin], ...(base.startsWith('http://') ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}) };
  }

  /** The app itself, for the OAuth 2.0 PKCE round trip (authorize link, code exchange, refresh, revoke). */
  app(): TwitterApi {
    return new TwitterApi({ clientId: this.config.clientId, clientSecret: this.config.clientSecret }, this.#settings);
  }

  /** Acting as the linked account (post, recent search). */
  user(accessToken: string): TwitterApi {
    return new TwitterApi(accessToken, this.#settings);
  }

  /** App-only bearer for the filtered stream and its rules; null when not configured. */
  stream(): TwitterApi | null {
    return this.config.bearerToken ? new TwitterApi(this.config.bearerToken, this.#settings) : null;
  }
}

/** What went wrong with a call to X: the bridges' one failure vocabulary (shape/adapter.ts). */
export type XFailure = BridgeFailure;

/** Classifies an error thrown by twitter-api-v2. 429 carries X's reset instant (or a minute from now). */
export function classify(error: unknown, now: Date): XFailure {
  if (error instanceof ApiResponseError) {
    const detail = describe(error);
    if (error.code === 429) {
      const reset = error.rateLimit?.reset ?? Number(error.headers['x-rate-limit-reset']);
      const resetAt = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : new Date(now.getTime() + 60_000);
      return { kind: 'rate_limited', resetAt: resetAt > now ? resetAt : new Date(now.getTime() + 1_000), message: `X rate limit reached (429); resuming at ${resetAt.toISOString()}` };
    }
    const data = error.data as { reason?: string; title?: string } | undefined;
    // 403 "client-not-enrolled": the app's access level lacks this endpoint; the token itself is fine.
    if (error.code === 403 && (data?.reason === 'client-not-enrolled' || data?.title === 'Client Forbidden')) return { kind: 'access', status: 403, message: `this X app's access level does not include that endpoint (403${detail ? `: ${detail}` : ''})` };
    // X answers a repeated post with 403 too; that is about the text, not the token.
    if (error.code === 403 && /duplicate content/i.test(detail)) return { kind: 'rejected', status: 403, message: `X refused a duplicate post (403: ${detail})` };
    if (error.code === 401 || error.code === 403) return { kind: 'auth', status: error.code, message: `X refused the account's token (${error.code}${detail ? `: ${detail}` : ''})` };
    if (error.code >= 500) return { kind: 'transient', message: `X is failing (${error.code}${detail ? `: ${detail}` : ''})` };
    return { kind: 'rejected', status: error.code, message: `X rejected the request (${error.code}${detail ? `: ${detail}` : ''})` };
  }
  return { kind: 'transient', message: `could not reach X: ${error instanceof Error ? error.message : String(error)}` };
}

function describe(error: ApiResponseError): string {
  const data = error.data as { detail?: string; title?: string; error_description?: string; error?: string } | undefined;
  return (data?.detail ?? data?.error_description ?? data?.title ?? (typeof data?.error === 'string' ? data.error : '') ?? '').slice(0, 200);
}
