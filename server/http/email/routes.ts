import { mailRoutes as routes } from '../../../shared/api/mail.ts';
import { notFound } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { implement, type Implementation } from '../routing.ts';

/** The outbox's HTML view: the mail's own markup, inert (no script, nothing loaded). */
const MAIL_PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/** Email: the account's address and preferences, password reset, "Remind me", unsubscribe, the operator's outbox. */
export function emailRoutes({ mail, jams }: Services): Implementation[] {
  const outboxShown = () => {
    if (!mail.outboxPage) throw notFound('the outbox (shown with --demo only)');
  };
  return [
    implement(routes.account, async ({ user }) => ({ account: await mail.account(user) })),
    implement(routes.setEmail, async ({ user, body }) => ({ account: await mail.setEmail(user, body.email, body.timeZone) })),
    implement(routes.removeEmail, async ({ user }) => ({ account: await mail.removeEmail(user) })),
    implement(routes.verify, async ({ body }) => {
      await mail.verify(body.token);
      return { verified: true as const };
    }),
    implement(routes.seriesPref, async ({ user, params, body }) => ({ account: await mail.setSeriesMuted(user, params.slug, body.muted) })),
    implement(routes.requestReset, async ({ body }) => {
      await mail.requestReset(body.who);
      // The same answer whether or not the account exists or has an address.
      return { sent: true as const };
    }),
    implement(routes.resetPassword, async ({ body }) => mail.resetPassword(body.token, body.password)),
    implement(routes.subscription, async ({ user, params }) => ({ subscription: await mail.subscription(user, params.slug) })),
    implement(routes.subscribe, async ({ user, params, body }) => {
      const jam = await jams.view(params.slug, null);
      return { subscription: await mail.subscribe(user, params.slug, body.kinds, body.timeZone, { startsAt: jam.startsAt, timeZone: jam.timeZone, status: jam.status, endedAt: jam.show.endedAt }) };
    }),
    // RFC 8058 one-click: mail providers POST here with the token from List-Unsubscribe; no session needed.
    implement(routes.unsubscribe, async ({ query }) => ({ unsubscribed: true as const, ...(await mail.unsubscribe(query.token, query.series)) })),
    implement(routes.outbox, async () => {
      outboxShown();
      return { transport: mail.queue.transportName, mail: await mail.outbox() };
    }),
    implement(routes.outboxHtml, async ({ params }, { res }) => {
      outboxShown();
      const html = await mail.outboxHtml(params.id);
      res.set('Content-Security-Policy', MAIL_PREVIEW_CSP);
      return html;
    }),
  ];
}
