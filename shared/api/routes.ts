import { adminRoutes } from './admin.ts';
import { archiveRoutes } from './archive.ts';
import { authRoutes } from './auth.ts';
import { bridgeRoutes, xRoutes } from './bridges.ts';
import { consoleRoutes } from './console.ts';
import type { RouteSpec } from './define.ts';
import { embedRoutes } from './embeds.ts';
import { interactionRoutes } from './interaction.ts';
import { jamRoutes } from './jams.ts';
import { mailRoutes } from './mail.ts';
import { moderationRoutes } from './moderation.ts';
import { docsRoutes, operationRoutes } from './operations.ts';
import { recapRoutes } from './recaps.ts';
import { reportRoutes } from './reports.ts';
import { seriesRoutes } from './series.ts';
import { webhookRoutes } from './webhooks.ts';

/**
 * The HTTP route map: every route of the server, by feature and name (`jams.view` is the route's
 * operationId). The Express router registers from it, the client's fetchers derive from it and
 * /api/openapi.json is generated from it.
 */
export const routes = {
  auth: authRoutes,
  series: seriesRoutes,
  jams: jamRoutes,
  archive: archiveRoutes,
  moderation: moderationRoutes,
  interaction: interactionRoutes,
  reports: reportRoutes,
  webhooks: webhookRoutes,
  recaps: recapRoutes,
  embeds: embedRoutes,
  mail: mailRoutes,
  console: consoleRoutes,
  admin: adminRoutes,
  x: xRoutes,
  bridges: bridgeRoutes,
  operations: operationRoutes,
  docs: docsRoutes,
} as const;

export type Routes = typeof routes;

/** Every route with its operationId (`feature.name`), in map order. */
export function allRoutes(): { id: string; route: RouteSpec }[] {
  return Object.entries(routes).flatMap(([feature, group]) => Object.entries(group as Record<string, RouteSpec>).map(([name, route]) => ({ id: `${feature}.${name}`, route })));
}
