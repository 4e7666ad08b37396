import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a mock network saw, with the status it answered. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  status: number;
  at: number;
  /** The bearer token it carried: which session (so which node) made the call. */
  token?: string;
  /** Ids of the posts a timeline or search answer carried. */
  served?: string[];
    /** For a programmed 429: the reset it announced, in epoch milliseconds. */
  resetAt?: number;
}

/** A programmed failure for the next call to one route. */
export interface ProgrammedFailure {
  status: number;
  /** For 429: seconds until the network's rate-limit reset. */
  resetInSec?: number;
  /** The network's error name (e.g. Bluesky's 'ExpiredToken'). */
  error?: string;
}

export type Send = (status: number, payload: unknown, headers?: Record<string, string>) => void;

/**
 * What the local stand-ins for Bluesky and Mastodon share: an HTTP server on 127.0.0.1:0, the
 * requests seen, failures programmed per route, and waiting on traffic (a 'change' event per
 * request and per post) instead of sleeping. Subclasses answer routes as the real API does.
 */
export abstract class MockNetwork extends EventEmitter {
  url = '';
  readonly requests: SeenRequest[] = [];
  #failures = new Map<string, ProgrammedFailure[]>();
  #server = http.createServer((req, res) => void this.receive(req, res));

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Makes the next `times` calls to `METHOD /path` fail so. */
  failNext(route: string, failure: ProgrammedFailure, times = 1): void {
    this.#failures.set(route, [...(this.#failures.get(route) ?? []), ...Array.from({ length: times }, () => failure)]);
  }

  calls(route: string): SeenRequest[] {
    const [method, path] = route.split(' ');
    return this.requests.filter((r) => r.method === method && (r.path === path || (path!.endsWith('*') && r.path.startsWith(path!.slice(0, -1)))));
  }

  /** Resolves once the predicate holds, re-checking after every request and post; rejects after a timeout. */
  waitFor(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.off('change', check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.off('change', check);
        reject(new Error(`${this.constructor.name}: timed out waiting for ${what}`));
      }, timeoutMs);
      this.on('change', check);
    });
  }

  /** Answers one request (after programmed failures were served). */
  protected abstract handle(request: SeenRequest, headers: http.IncomingHttpHeaders, send: Send, response: http.ServerResponse): void | Promise<void>;

  /** The answer to a programmed failure, in the network's own error format; for a 429, the reset announced (epoch ms). */
  protected abstract failure(failure: ProgrammedFailure, send: Send): number | void;

  private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    const raw = await readBody(req);
    const body = await parseBody(raw, req.headers['content-type']);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const record: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, status: 0, at: Date.now(), ...(token ? { token } : {}) };
    this.requests.push(record);
    const send: Send = (status, payload, headers = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(payload));
      this.emit('change');
    };
    const failure = this.#failures.get(`${record.method} ${record.path}`)?.shift();
    if (failure) {
      const resetAt = this.failure(failure, send);
      if (resetAt) record.resetAt = resetAt;
      return;
    }
    try {
      await this.handle(record, req.headers, send, res);
    } catch (error) {
      send(500, { error: 'InternalServerError', message: String(error) });
    }
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON, form-encoded or multipart (masto sends the OAuth token request as multipart/form-data). */
async function parseBody(raw: Buffer, type: string | undefined): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  if (type?.includes('json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  if (type?.includes('multipart/form-data')) return Object.fromEntries([...(await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData())].map(([k, v]) => [k, String(v)]));
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}
