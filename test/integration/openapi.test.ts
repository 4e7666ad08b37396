import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Express } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath } from '../../shared/api/define.ts';
import { allRoutes } from '../../shared/api/routes.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { openApiDocument } from '../../server/http/docs/openapi.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import type { RunningServer } from '../../server/server.ts';
import { startTestServer } from '../support/harness.ts';

/** The client's own pages, answered with index.html (meta tags for link unfurlers): not API routes. */
const CLIENT_PAGES = new Set(['GET /jams/:slug/recap', 'GET /jams/:slug', 'GET /series/:slug']);

interface Layer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
}

/** Every `METHOD path` an Express app serves, nested routers included (regexp routes are the client fallback). */
function expressRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      if (typeof layer.route.path !== 'string') return [];
      return Object.keys(layer.route.methods)
        .filter((m) => m !== '_all')
        .map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path as string}`);
    }
    if (layer.handle.stack) return expressRoutes(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
    return [];
  });
}

describe('the generated OpenAPI document', () => {
  let server: RunningServer;
  let app: Express;
  let clientDir: string;

  beforeAll(async () => {
    server = await startTestServer();
    clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-client-'));
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>TweetJam</title>');
    // Every optional part switched on, so every route the server can serve is registered.
    app = createHttpApp(server.services, {
      log: pino({ level: 'silent' }),
      health: async () => ({ ok: true }),
      lifecycle: new Lifecycle(),
      bridge: server.bridge,
      networks: server.networks,
      scrape: (_req, res) => res.end(),
      clientDir,
    });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument())));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has every route Express serves, and Express serves every route it has', () => {
    const served = expressRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => !CLIENT_PAGES.has(r));
    const mapped = allRoutes().map(({ route }) => `${route.method.toUpperCase()} ${route.path}`);
    expect(served.filter((r) => !mapped.includes(r)), 'served by Express but missing from the route map').toEqual([]);
    expect(mapped.filter((r) => !served.includes(r)), 'in the route map but not served').toEqual([]);
    expect(new Set(served).size, 'a route registered twice').toBe(served.length);
    const document = openApiDocument();
    for (const { id, route } of allRoutes()) {
      const operation = (document.paths?.[openApiPath(route.path)] as Record<string, { operationId?: string }> | undefined)?.[route.method];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(id);
    }
  });

  it('is served at /api/openapi.json, with the reference page and its renderer from this server', async () => {
    const document = await fetch(`${server.url}/api/openapi.json`);
    expect(document.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await document.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));

    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/api/docs/reference.js"');
    expect(html).toContain('/api/openapi.json');
    expect(html).toContain('/api/asyncapi.json');
    expect(html).not.toMatch(/<script(?![^>]*src="\/)[^>]*src=/); // no script from another origin
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");

    const script = await fetch(`${server.url}/api/docs/reference.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
