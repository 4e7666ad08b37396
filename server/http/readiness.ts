import { Router } from 'express';
import { unavailable } from '../errors.ts';
import type { Lifecycle } from '../lifecycle.ts';

/** How long a refused client should wait before retrying (here after a restart, or on another node). */
const RETRY_AFTER_S = 2;

/**
 * GET /readyz: 200 only while this node takes new work; 503 while it migrates or shuts down, so a
 * load balancer stops routing to it. Also gates the API: nothing runs before migrations finish,
 * and while draining, writes are refused (retryable) so clients resend to a live node.
 */
export function readiness(lifecycle: Lifecycle): Router {
  const router = Router();
  router.get('/readyz', (_req, res) => {
    res.status(lifecycle.ready ? 200 : 503).json({ ready: lifecycle.ready, phase: lifecycle.phase });
  });
  router.use('/api', (req, _res, next) => {
    if (lifecycle.phase === 'migrating') return next(unavailable('the server is starting (migrating its store); retry shortly', RETRY_AFTER_S));
    if (!lifecycle.ready && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next(unavailable('this server is shutting down; nothing was saved, retry shortly', RETRY_AFTER_S));
    next();
  });
  return router;
}
