import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { ApiError } from '../../shared/errors.ts';
import type { UserView } from '../../shared/auth.ts';
import type { JamView, MessageView, SeriesView } from '../../shared/model.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server.ts';

/** Test support: a real server on an ephemeral port, and a small API client speaking docs/API.md. */

export type JamSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function startTestServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-test-'));
  // Abuse limits are off unless a test asks for them (rateLimits: {…}): many users from one loopback IP is normal here.
  return startServer({ port: 0, dataDir, sqliteFile: options.databaseUrl ? undefined : ':memory:', log: pino({ level: process.env.TEST_LOG ?? 'silent' }), rateLimits: false, ...options });
}

export interface ApiResponse<T> {
  status: number;
  body: T & { error?: ApiError };
  headers: Headers;
}

/** A signed-in (or anonymous) API user; requests carry its bearer token. */
export class ApiClient {
  user: UserView | null = null;
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(this.baseUrl + pathname, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      /* not JSON: exports */
    }
    return { status: response.status, body: parsed as T & { error?: ApiError }, headers: response.headers };
  }

  get<T = Record<string, unknown>>(pathname: string) {
    return this.request<T>('GET', pathname);
  }
  post<T = Record<string, unknown>>(pathname: string, body?: unknown) {
    return this.request<T>('POST', pathname, body ?? {});
  }
  patch<T = Record<string, unknown>>(pathname: string, body: unknown) {
    return this.request<T>('PATCH', pathname, body);
  }

  /** Signs up a fresh handle (unique per call unless given) and keeps its token. */
  async signUp(handle = `u${nanoid(8).replace(/[^A-Za-z0-9]/g, 'x')}`, displayName?: string): Promise<this> {
    const res = await this.post<{ user: UserView; token: string }>('/api/auth/signup', { handle, password: 'correct horse battery', displayName });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.user = res.body.user;
    this.token = res.body.token;
    return this;
  }

  async createSeries(input: Partial<{ name: string; hashtag: string; timeZone: string; rules: string }> = {}): Promise<SeriesView> {
    const tag = input.hashtag ?? `chat${nanoid(6).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const res = await this.post<{ series: SeriesView }>('/api/series', { name: input.name ?? `Series ${tag}`, hashtag: tag, ...input });
    if (res.status !== 201) throw new Error(`createSeries failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.series;
  }

  /** A jam starting in an hour unless told otherwise; `live: true` starts it at once. */
  async createJam(seriesSlug: string, input: Partial<{ title: string; startsAt: string; durationMin: number; questions: { text: string; offsetMin: number }[]; panelists: string[] }> & { live?: boolean } = {}): Promise<JamView> {
    const { live, ...fields } = input;
    const res = await this.post<{ jam: JamView }>(`/api/series/${seriesSlug}/jams`, {
      title: 'Test jam',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      questions: [
        { text: 'What brought you here?', offsetMin: 0 },
        { text: 'What would you change?', offsetMin: 20 },
      ],
      ...fields,
    });
    if (res.status !== 201) throw new Error(`createJam failed: ${res.status} ${JSON.stringify(res.body)}`);
    if (live) {
      const started = await this.post(`/api/jams/${res.body.jam.slug}/show`, { action: 'start' });
      if (started.status !== 200) throw new Error(`start failed: ${JSON.stringify(started.body)}`);
      return (await this.get<{ jam: JamView }>(`/api/jams/${res.body.jam.slug}`)).body.jam;
    }
    return res.body.jam;
  }

  async postMessage(jamSlug: string, text: string, extra: { clientId?: string; replyTo?: string } = {}): Promise<ApiResponse<{ message: MessageView; duplicate: boolean }>> {
    return this.post(`/api/jams/${jamSlug}/messages`, { clientId: extra.clientId ?? nanoid(), text, replyTo: extra.replyTo });
  }

  /** A connected Socket.IO client, authenticated as this user when signed in. */
  async connect(): Promise<JamSocket> {
    const socket: JamSocket = connect(this.baseUrl, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, ...(this.token ? { token: this.token } : {}) }, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return socket;
  }
}

const cutOffGates = new WeakMap<RunningServer, { held: Promise<void> | null }>();

/**
 * Cuts every socket off and keeps new connections waiting until `work` is done, so what `work`
 * does is surely missed live and must come back as catch-up (a client reconnects 1 s after a
 * server-side cut; on a loaded machine `work` can take longer than that).
 */
export async function whileCutOff(server: RunningServer, work: () => Promise<unknown>): Promise<void> {
  let gate = cutOffGates.get(server);
  if (!gate) {
    const created: { held: Promise<void> | null } = { held: null };
    server.io.use((_socket, next) => void (created.held ?? Promise.resolve()).then(() => next()));
    cutOffGates.set(server, (gate = created));
  }
  let release = () => {};
  gate.held = new Promise<void>((resolve) => (release = resolve));
  try {
    server.io.disconnectSockets(true);
    await work();
  } finally {
    gate.held = null;
    release();
  }
}

/** Resolves with the next `count` payloads of an event (or rejects after a timeout). */
export function collect<E extends keyof ServerToClientEvents>(socket: JamSocket, event: E, count: number, timeoutMs = 10_000): Promise<Parameters<ServerToClientEvents[E]>[0][]> {
  return new Promise((resolve, reject) => {
    const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} ${event} (got ${seen.length})`)), timeoutMs);
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      seen.push(payload);
      if (seen.length === count) {
        clearTimeout(timer);
        (socket.off as (e: string, l: unknown) => void)(event, listener);
        resolve(seen);
      }
    }) as never;
    (socket.on as (e: string, l: unknown) => void)(event, listener);
  });
}

/** Resolves with the first truthy value `probe` yields, polling while the server catches up; fails after a deadline. */
export async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
