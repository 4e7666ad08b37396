import { adminRoutes as routes } from '../../../shared/api/admin.ts';
import { notFound } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** /api/admin: site operators only (ADMIN_HANDLES); everyone else gets 401 or 403. */
export function adminRoutes({ admin }: Services): Implementation[] {
  return [
    implement(routes.series, async ({ user }) => ({ series: await admin.series(user) })),
    implement(routes.takeOver, async ({ user, params, body }) => {
      await admin.takeOver(admin.assertAdmin(user), params.slug, body.reason);
      const series = (await admin.series(user)).find((s) => s.slug === params.slug);
      if (!series) throw notFound(`series ${params.slug}`);
      return { series };
    }),
    implement(routes.suspensions, async ({ user }) => ({ suspensions: await admin.suspensions(user) })),
    implement(routes.suspend, async ({ user, body }) => ({ suspension: await admin.suspend(admin.assertAdmin(user), body) })),
    implement(routes.lift, async ({ user, params }) => admin.lift(admin.assertAdmin(user), params.handle)),
    implement(routes.log, async ({ user }) => ({ entries: await admin.log(user) })),
    implement(routes.reports, async ({ user }) => ({ reports: await admin.escalatedReports(user) })),
  ];
}
