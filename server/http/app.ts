import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import { notFound } from '../errors.ts';
import type { Lifecycle } from '../lifecycle.ts';
import type { XBridge } from '../bridge/bridge.ts';
import type { Services } from '../services.ts';
import { archiveRoutes } from './archive/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { resolveUser } from './auth/session.ts';
import { jamRoutes } from './jams/routes.ts';
import { moderationRoutes } from './moderation/routes.ts';
import { onError } from './onError.ts';
import { httpLimiters, rateLimitConfig, type RateLimitOptions } from './rateLimits.ts';
import { requestForgeryGuard, securityHeaders } from './security.ts';
import { readiness } from './readiness.ts';
import { requestLog } from './requestLog.ts';
import { reportRoutes } from './reports/routes.ts';
import { webhookRoutes } from './reports/webhookRoutes.ts';
import { seriesRoutes } from './series/routes.ts';
import { xRoutes } from './x/routes.ts';

export interface HttpOptions {
  log: Logger;
  /** Folder of the built client, served with an index.html fallback for client routes. */
  clientDir?: string;
  /** What /healthz reports about the fan-out adapter. */
  health: () => Promise<Record<string, unknown>>;
  /** Rate limits (defaults in http/rateLimits.ts); false turns them off. */
  rateLimits?: RateLimitOptions;
  /** Drives /readyz and the migrating/draining gates; without it the app is always ready. */
  lifecycle?: Lifecycle;
  /** The optional X bridge; its routes report it as off when it is not configured. */
  bridge?: XBridge;
}

/** A request body larger than a chat needs is refused with 413 before it is parsed. */
const BODY_LIMIT = '64kb';

export function createHttpApp(services: Services, options: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
  app.use(requestLog(options.log));
  if (options.lifecycle) app.use(readiness(options.lifecycle));
  app.use(securityHeaders());
  const limits = httpLimiters(rateLimitConfig(options.rateLimits));

  app.get('/healthz', (_req, res, next) => {
    options
      .health()
      .then((health) => res.status(health.ok ? 200 : 503).json(health))
      .catch(next);
  });

  const api = express.Router();
  api.use(requestForgeryGuard());
  api.use(express.json({ limit: BODY_LIMIT, strict: false }));
  api.use(resolveUser(services.accounts));
  api.use(limits.writes);
  api.use('/auth', authRoutes(services, limits));
  api.use('/series', seriesRoutes(services));
  api.use('/jams', jamRoutes(services));
  api.use(archiveRoutes(services.archive));
  api.use(moderationRoutes(services));
  if (options.bridge) api.use(xRoutes(options.bridge));
  api.use(reportRoutes(services));
  api.use(webhookRoutes(services));
  api.use((req) => {
    throw notFound(`no API route ${req.method} ${req.path}`);
  });
  app.use('/api', api);

  if (options.clientDir && fs.existsSync(path.join(options.clientDir, 'index.html'))) {
    const index = path.join(options.clientDir, 'index.html');
    app.use(express.static(options.clientDir, { index: false, maxAge: '1h' }));
    // dotfiles: the checkout itself may live under a dot-folder; the path is ours, never the request's.
    app.get(/^\/(?!api\/|socket\.io\/|healthz|readyz).*/, (_req, res) => res.sendFile(index, { dotfiles: 'allow' }));
  }
  app.use((req) => {
    throw notFound(`no route ${req.method} ${req.path}`);
  });
  app.use(onError(options.log));
  return app;
}
