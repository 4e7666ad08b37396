import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { expect } from 'vitest';
import type { BridgeOptions } from '../../server/bridge/config.ts';
import type { OpenBridgeOptions } from '../../server/bridge/shape/config.ts';
import type { RunningServer, ServerOptions } from '../../server/server.ts';
import type { BridgeNetwork, NetworkBridgeStatus } from '../../shared/bridges.ts';
import type { MessageView, SeriesView } from '../../shared/model.ts';
import { ApiClient, startTestServer } from './harness.ts';
import type { MockBluesky } from './mockBluesky.ts';
import type { MockMastodon } from './mockMastodon.ts';
import type { MockNetwork } from './mockNetwork.ts';
import type { MockX } from './mockX.ts';

/** Helpers for the bridge suites (X, Bluesky, Mastodon, leases, bans): servers pointed at the local mocks, linking, and what the host console reads. */

export const QUESTIONS = [
  { text: 'What brought you here?', offsetMin: 0 },
  { text: 'What would you change?', offsetMin: 20 },
  { text: 'What comes next?', offsetMin: 40 },
];

/** A server whose open-network bridges poll fast and may reach http:// mocks on 127.0.0.1. */
export function networksServer(networks: OpenBridgeOptions, extra: ServerOptions = {}): Promise<RunningServer> {
  return startTestServer({
    networks: { tokenKey: randomBytes(32), allowInsecureInstances: true, mastodonCallbackUrl: 'http://127.0.0.1:9/api/bridges/mastodon/callback', pollMs: 30, backoffMinMs: 20, backoffMaxMs: 200, ...networks },
    ...extra,
  });
}

/** X settings pointed at a mock: fast polls, and recent search unless a bearer token (the filtered stream) is given. */
export function xOptions(mock: MockX, extra: BridgeOptions = {}): BridgeOptions {
  return { clientId: mock.clientId, clientSecret: mock.clientSecret, tokenKey: randomBytes(32), apiBase: mock.url, callbackUrl: 'http://127.0.0.1:9/api/x/callback', pollMs: 30, backoffMinMs: 20, backoffMaxMs: 200, bearerToken: undefined, ...extra };
}

/** The owner consents on the network (the mock approves the authorize URL) and comes back to our callback, signed in. */
async function consent(serverUrl: string, owner: ApiClient, linkPath: string, body: unknown, approve: (authorizeUrl: string) => { code: string; state: string }, callbackPath: string): Promise<Response> {
  const started = await owner.post<{ authorizeUrl: string }>(linkPath, body);
  expect(started.status).toBe(201);
  const { code, state } = approve(started.body.authorizeUrl);
  return fetch(`${serverUrl}${callbackPath}?${new URLSearchParams({ code, state })}`, { redirect: 'manual', headers: { authorization: `Bearer ${owner.token}` } });
}

/** Links X by OAuth 2.0 with PKCE; the callback's response (303 to the console when it worked). */
export function linkX(serverUrl: string, mock: MockX, owner: ApiClient, series: SeriesView, username = 'jamhost'): Promise<Response> {
  return consent(serverUrl, owner, `/api/series/${series.slug}/x/link`, undefined, (url) => mock.approve(url, username), '/api/x/callback');
}

/** Links Mastodon by OAuth on the mock instance; the callback's response. */
export function linkMastodon(serverUrl: string, mock: MockMastodon, owner: ApiClient, series: SeriesView, username = 'jamhost'): Promise<Response> {
  return consent(serverUrl, owner, `/api/series/${series.slug}/bridges/mastodon/link`, { instance: mock.url }, (url) => mock.approve(url, username), '/api/bridges/mastodon/callback');
}

/** Links Bluesky with an app password the mock issues; returns the password. */
export async function linkBluesky(mock: MockBluesky, owner: ApiClient, series: SeriesView, handle = 'jamhost.bsky.social'): Promise<string> {
  const password = mock.appPassword(handle);
  const linked = await owner.post(`/api/series/${series.slug}/bridges/bluesky/link`, { identifier: `@${handle}`, appPassword: password });
  expect(linked.status).toBe(201);
  return password;
}

/** Resolves once check() passes, re-checking as the mock sees traffic and on a short tick; fails with the last assertion. */
export async function eventually<T>(mock: EventEmitter, check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          mock.off('change', done);
          resolve();
        };
        const timer = setTimeout(done, 25);
        mock.once('change', done);
      });
    }
  }
}

export async function bridgeStatus(client: ApiClient, slug: string, network: BridgeNetwork): Promise<NetworkBridgeStatus> {
  const response = await client.get<{ bridges: NetworkBridgeStatus[] }>(`/api/series/${slug}/bridges`);
  expect(response.status).toBe(200);
  return response.body.bridges.find((b) => b.network === network)!;
}

/** The jam's messages that came from one network, in stream order. */
export async function messagesFrom(client: ApiClient, slug: string, source: MessageView['source']): Promise<MessageView[]> {
  return (await client.get<{ messages: MessageView[] }>(`/api/jams/${slug}/messages`)).body.messages.filter((m) => m.source === source);
}

/** Waits until the mock has seen `extra` more calls to a route than now: reads happened, and found nothing new. */
export async function morePolls(mock: MockNetwork, route: string, extra = 3): Promise<void> {
  const seen = mock.calls(route).length;
  await mock.waitFor(`${extra} more ${route}`, () => mock.calls(route).length >= seen + extra);
}

export { ApiClient };
