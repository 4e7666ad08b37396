import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { notFound } from '../errors.ts';
import type { Lifecycle } from '../lifecycle.ts';
import type { XBridge } from '../bridge/bridge.ts';
import type { OpenBridges } from '../bridge/shape/bridges.ts';
import type { Services } from '../services.ts';
import { adminRoutes } from './admin/routes.ts';
import { archiveRoutes } from './archive/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { bridgeRoutes } from './bridges/routes.ts';
import { consoleRoutes } from './console/routes.ts';
import { resolveUser, signedInHintOnPages } from './auth/session.ts';
import { interactionRoutes } from './interaction/routes.ts';
import { jamRoutes } from './jams/routes.ts';
import { moderationRoutes } from './moderation/routes.ts';
import { onError } from './onError.ts';
import { compileTrust } from '../edge/clientAddress.ts';
import { rateLimitConfig, type RateLimitOptions } from '../edge/rateLimits.ts';
import { httpLimiters } from './rateLimits.ts';
import { requestForgeryGuard, securityHeaders } from './security.ts';
import { readinessGate, readyRoute } from './readiness.ts';
import { recapRoutes } from './recaps/routes.ts';
import { embedSettingsRoutes } from './embeds/routes.ts';
import { emailRoutes } from './email/routes.ts';
import { clientPages, embedPages, oembedRoute } from './embeds/pages.ts';
import { requestLog } from './requestLog.ts';
import { reportRoutes } from './reports/routes.ts';
import { webhookRoutes } from './reports/webhookRoutes.ts';
import { seriesRoutes } from './series/routes.ts';
import { xRoutes } from './x/routes.ts';
import { docsRoutes } from './docs/routes.ts';
import { implement, mount, type Implementation, type RouteGuards } from './routing.ts';
import { operationRoutes } from '../../shared/api/operations.ts';

export interface HttpOptions {
  log: Logger;
  /** Folder of the built client, served with an index.html fallback for client routes. */
  clientDir?: string;
  /** What /healthz reports (`ok: false` answers 503). */
  health: () => Promise<Record<string, unknown>>;
  /** Whether the store answers now (readiness); see storeProbe. */
  storeUp?: () => Promise<boolean>;
  /** Rate limits (defaults in http/rateLimits.ts); false turns them off. */
  rateLimits?: RateLimitOptions;
  /** Drives /readyz and the migrating/draining gates; without it the app is always ready. */
  lifecycle?: Lifecycle;
  /** The optional X bridge; its routes report it as off when it is not configured. */
  bridge?: XBridge;
  /** The Bluesky and Mastodon bridges; their routes report them as off when not configured. */
  networks?: OpenBridges;
  /** GET /metrics on this port (only when METRICS_TOKEN is set; the handler checks the bearer token). */
  scrape?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A request body larger than a chat needs is refused with 413 before it is parsed. */
const BODY_LIMIT = '64kb';

/** Every /api route of the map, served. */
function apiRoutes(services: Services, options: HttpOptions): Implementation[] {
  return [
    ...authRoutes(services),
    ...seriesRoutes(services),
    ...jamRoutes(services),
    ...archiveRoutes(services.archive),
    ...moderationRoutes(services),
    ...interactionRoutes(services),
    ...(options.bridge ? xRoutes(options.bridge) : []),
    ...(options.networks ? bridgeRoutes(options.networks) : []),
    ...reportRoutes(services),
    ...webhookRoutes(services),
    ...recapRoutes(services.recaps),
    ...embedSettingsRoutes(services.embeds),
    ...emailRoutes(services),
    ...consoleRoutes(services),
    ...adminRoutes(services),
    ...docsRoutes(),
  ];
}

export function createHttpApp(services: Services, options: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', compileTrust());
  const limits = httpLimiters(rateLimitConfig(options.rateLimits));
  const guards: RouteGuards = { limiters: limits, assertAdmin: (user) => void services.admin.assertAdmin(user), relayed: () => services.kept.relayed() };
  app.use(requestLog(options.log));
  // Before the readiness gate: a migrating or draining node is exactly when operators look.
  if (options.scrape) mount(app, [metricsRoute(options.scrape)], guards);
  if (options.lifecycle) {
    mount(app, [readyRoute(options.lifecycle, options.storeUp)], guards);
    app.use('/api', readinessGate(options.lifecycle));
  }
  app.use(securityHeaders());
  mount(app, [healthRoute(options.health)], guards);

  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT, strict: false }));
  api.use(resolveUser(services.accounts));
  // After the session is known: the CSRF token is bound to it.
  api.use(requestForgeryGuard());
  api.use(limits.writes);
  mount(api, apiRoutes(services, options), guards, '/api');
  api.use((req) => {
    throw notFound(`API route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use('/api', api);
  mount(app, [oembedRoute(services)], guards);

  if (options.clientDir && fs.existsSync(path.join(options.clientDir, 'index.html'))) {
    const index = path.join(options.clientDir, 'index.html');
    app.use(express.static(options.clientDir, { index: false, maxAge: '1h' }));
    mount(app, embedPages(services, index), guards);
    app.use(signedInHintOnPages(services.accounts));
    app.use(clientPages(services, index));
    // dotfiles: the checkout itself may live under a dot-folder; the path is ours, never the request's.
    app.get(/^\/(?!api\/|socket\.io\/|healthz|readyz|metrics$).*/, (_req, res) => res.sendFile(index, { dotfiles: 'allow' }));
  }
  app.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  app.use(onError(options.log, services.deps.events));
  return app;
}

/** GET /healthz: what the node reports about itself; 503 when it is not ok. */
function healthRoute(health: HttpOptions['health']): Implementation {
  return implement(operationRoutes.health, async (_input, { status }) => {
    const report = await health();
    if (!report.ok) status(503);
    return report as { ok: boolean; store: string };
  });
}

/** GET /metrics on the public port: the scrape handler checks the bearer token itself. */
function metricsRoute(scrape: NonNullable<HttpOptions['scrape']>): Implementation {
  return implement(operationRoutes.metrics, async (_input, { req, res, answered }) => {
    scrape(req, res);
    return answered();
  });
}
