import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/**
 * Where Prometheus scrapes: never on the public surface by accident. Either a separate port bound
 * to loopback (METRICS_PORT, METRICS_HOST), or /metrics on the main port behind a bearer token
 * (METRICS_TOKEN), or both (the token then guards the separate port too). Neither: metrics are off.
 */
export interface MetricsExposure {
  port?: number;
  host?: string;
  token?: string;
}

/** Answers one scrape: 401 without the right bearer token (when one is set), else the text format. */
export async function answerScrape(registry: Registry, token: string | undefined, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (token && !bearerMatches(req.headers.authorization, token)) {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="metrics"' });
    res.end(JSON.stringify({ error: { code: 'unauthenticated', message: 'metrics need the METRICS_TOKEN bearer token' } }));
    return;
  }
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'collecting metrics failed' } }));
  }
}

/** Constant-time comparison of hashes, so neither the token nor its length leaks through timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** The separate metrics listener: GET /metrics only. */
export async function listenForScrapes(registry: Registry, exposure: MetricsExposure & { port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'only GET /metrics is served here' } }));
      return;
    }
    void answerScrape(registry, exposure.token, req, res);
  });
  const host = exposure.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(exposure.port, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
