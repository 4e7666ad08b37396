import type { RequestHandler } from 'express';
import { operationRoutes } from '../../shared/api/operations.ts';
import { unavailable } from '../errors.ts';
import type { Lifecycle } from '../lifecycle.ts';
import { implement, type Implementation } from './routing.ts';

/** How long a refused client should wait before retrying (here after a restart, or on another node). */
const RETRY_AFTER_S = 2;

/** How long a store ping may take before the store counts as down, and how long its answer is reused. */
const PING_TIMEOUT_MS = 1000;
const PING_REUSE_MS = 1000;

/**
 * Whether the store answers right now: one ping at a time, with a timeout, its answer reused for a
 * second so that a burst of probes (several balancers, /healthz and /readyz) costs one query.
 */
export function storeProbe(ping: () => Promise<void>): () => Promise<boolean> {
  let last: { at: number; up: Promise<boolean> } | undefined;
  return () => {
    const now = Date.now();
    if (last && now - last.at < PING_REUSE_MS) return last.up;
    let timer: NodeJS.Timeout | undefined;
    const up = Promise.race([
      ping().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      }),
    ])
      .catch(() => false)
      .finally(() => clearTimeout(timer));
    last = { at: now, up };
    return up;
  };
}

/**
 * GET /readyz: 200 only while this node takes new work; 503 while it migrates or shuts down, or
 * while its store does not answer, so a load balancer stops routing writes that would fail.
 */
export function readyRoute(lifecycle: Lifecycle, storeUp: () => Promise<boolean> = async () => true): Implementation {
  return implement(operationRoutes.ready, async (_input, { status }) => {
    if (!lifecycle.ready) {
      status(503);
      return { ready: false, phase: lifecycle.phase };
    }
    const up = await storeUp();
    if (!up) status(503);
    return { ready: up, phase: lifecycle.phase, store: up ? ('up' as const) : ('down' as const) };
  });
}

/**
 * Gates the API: nothing runs before migrations finish, and while draining, writes are refused
 * (retryable) so clients resend to a live node.
 */
export function readinessGate(lifecycle: Lifecycle): RequestHandler {
  return (req, _res, next) => {
    if (lifecycle.phase === 'migrating') return next(unavailable('the server is starting (migrating its store); retry shortly', RETRY_AFTER_S));
    if (!lifecycle.ready && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next(unavailable('this server is shutting down; nothing was saved, retry shortly', RETRY_AFTER_S));
    next();
  };
}
