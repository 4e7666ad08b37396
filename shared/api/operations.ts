import { z } from '../zod.ts';
import { defineRoute } from './define.ts';

const tag = 'Operations';

export const operationRoutes = {
  health: defineRoute({
    method: 'get',
    path: '/healthz',
    summary: "This node's health: the store, Redis fan-out and limit stores (503 when not ok)",
    tag,
    auth: 'public',
    status: 200,
    response: z.looseObject({ ok: z.boolean(), store: z.string() }),
  }),
  ready: defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Whether this node takes new work (503 while migrating, draining or without its store)',
    tag,
    auth: 'public',
    status: 200,
    response: z.object({ ready: z.boolean(), phase: z.string(), store: z.enum(['up', 'down']).optional() }),
  }),
  metrics: defineRoute({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (only with METRICS_TOKEN: send it as `Authorization: Bearer …`)',
    tag,
    auth: 'public',
    status: 200,
    content: { type: 'text/plain' },
    errors: ['unauthenticated', 'not_found'],
  }),
};

const docs = 'Reference';

export const docsRoutes = {
  openapi: defineRoute({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document: OpenAPI 3.1, generated from the route map',
    tag: docs,
    auth: 'public',
    status: 200,
    content: { type: 'application/json' },
  }),
  asyncapi: defineRoute({
    method: 'get',
    path: '/api/asyncapi.json',
    summary: 'The Socket.IO events: AsyncAPI 3.0, generated from the event map (shared/protocol.ts)',
    tag: docs,
    auth: 'public',
    status: 200,
    content: { type: 'application/json' },
  }),
  reference: defineRoute({
    method: 'get',
    path: '/api/docs',
    summary: 'The interactive API reference (HTML)',
    tag: docs,
    auth: 'public',
    status: 200,
    content: { type: 'text/html' },
  }),
  referenceScript: defineRoute({
    method: 'get',
    path: '/api/docs/reference.js',
    summary: "The reference page's renderer (Scalar's standalone bundle, served from this server)",
    tag: docs,
    auth: 'public',
    status: 200,
    content: { type: 'text/javascript' },
  }),
};
