import { createRequire } from 'node:module';
import path from 'node:path';
import { docsRoutes as routes } from '../../../shared/api/operations.ts';
import { escapeHtml } from '../../../shared/html.ts';
import { buildAsyncApi } from '../../edge/asyncapi.ts';
import { originOf } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';
import { openApiDocument } from './openapi.ts';

/** Scalar's standalone bundle, served from node_modules: the reference page loads nothing from elsewhere. */
const SCALAR_BUNDLE = path.join(path.dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')), 'browser', 'standalone.js');

/**
 * The reference page's own CSP: scripts only from us (the bundle), styles inline too (the renderer
 * injects its stylesheet at run time), fetches only back to this server (the document, "try it").
 */
const REFERENCE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Renderer settings: our own fonts only, no telemetry, no hosted services. */
const SCALAR_CONFIGURATION = {
  url: '/api/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
  metaData: { title: 'TweetJam API reference' },
};

function referencePage(): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>TweetJam API reference</title>
  </head>
  <body>
    <noscript>The reference needs JavaScript. The machine-readable documents: <a href="/api/openapi.json">/api/openapi.json</a> (HTTP, OpenAPI 3.1) and <a href="/api/asyncapi.json">/api/asyncapi.json</a> (Socket.IO events, AsyncAPI 3).</noscript>
    <script id="api-reference" data-configuration="${escapeHtml(JSON.stringify(SCALAR_CONFIGURATION))}"></script>
    <script src="/api/docs/reference.js"></script>
  </body>
</html>
`;
}

/** GET /api/openapi.json (generated once per process), /api/asyncapi.json, the reference page and its renderer. */
export function docsRoutes(): Implementation[] {
  let document: string | undefined;
  // The AsyncAPI document names the origin clients connect to: one per origin, a few kept.
  const asyncApiByOrigin = new Map<string, string>();
  return [
    implement(routes.openapi, async () => (document ??= JSON.stringify(openApiDocument()))),
    implement(routes.asyncapi, async (_input, { req, res }) => {
      const origin = originOf(req);
      let body = asyncApiByOrigin.get(origin);
      if (!body) {
        body = JSON.stringify(buildAsyncApi({ origin }));
        if (asyncApiByOrigin.size < 16) asyncApiByOrigin.set(origin, body);
      }
      res.set('Cache-Control', 'public, max-age=300');
      return body;
    }),
    implement(routes.reference, async (_input, { res }) => {
      res.set('Content-Security-Policy', REFERENCE_CSP);
      return referencePage();
    }),
    implement(routes.referenceScript, async (_input, { res, answered }) => {
      res.sendFile(SCALAR_BUNDLE, { maxAge: '1d', dotfiles: 'allow' });
      return answered();
    }),
  ];
}
