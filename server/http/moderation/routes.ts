import { Router } from 'express';
import {
  auditQuerySchema,
  createInviteSchema,
  deleteMessageSchema,
  handleBodySchema,
  inviteTokenSchema,
  jamModerationSchema,
  liftSanctionSchema,
  reportSchema,
  sanctionSchema,
} from '../../../shared/moderation.ts';
import { handleSchema, messageIdSchema } from '../../../shared/schemas.ts';
import type { Services } from '../../services.ts';
import { originOf, parse, requireUser, route, slugOf } from '../edge.ts';

/** Roles (co-hosts, panelists, invites), rules, sanctions, reports, the moderation queue and the audit log. */
export function moderationRoutes({ moderation, queue, sanctions, team, standing, audit }: Services): Router {
  const router = Router();
  const idOf = (params: { id?: string }) => parse(messageIdSchema, params.id, 'id');

  /* Series: co-hosts, rules, sanctions, audit */
  router.post(
    '/series/:slug/hosts',
    route(async (req, res) => {
      const { handle } = parse(handleBodySchema, req.body);
      res.status(201).json({ series: await team.addCohost(requireUser(res), slugOf(req.params), handle) });
    }),
  );
  router.delete(
    '/series/:slug/hosts/:handle',
    route(async (req, res) => {
      const handle = parse(handleSchema, req.params.handle, 'handle');
      res.json({ series: await team.removeCohost(requireUser(res), slugOf(req.params), handle) });
    }),
  );
  router.post(
    '/series/:slug/rules/accept',
    route(async (req, res) => {
      await standing.acceptRules(requireUser(res), slugOf(req.params));
      res.json({ accepted: true });
    }),
  );
  router.get(
    '/series/:slug/sanctions',
    route(async (req, res) => {
      res.json({ sanctions: await sanctions.list(requireUser(res), slugOf(req.params)) });
    }),
  );
  router.post(
    '/series/:slug/sanctions',
    route(async (req, res) => {
      const input = parse(sanctionSchema, req.body);
      res.status(201).json({ sanction: await sanctions.impose(requireUser(res), slugOf(req.params), input) });
    }),
  );
  router.post(
    '/series/:slug/sanctions/lift',
    route(async (req, res) => {
      const input = parse(liftSanctionSchema, req.body);
      res.json(await sanctions.lift(requireUser(res), slugOf(req.params), input));
    }),
  );
  router.get(
    '/series/:slug/audit',
    route(async (req, res) => {
      const query = parse(auditQuerySchema, req.query);
      res.json({ entries: await audit.list(requireUser(res), slugOf(req.params), query) });
    }),
  );

  /* Jams: queue and settings, messages, panelists, invites */
  router.get(
    '/jams/:slug/moderation',
    route(async (req, res) => {
      res.json(await queue.queue(requireUser(res), slugOf(req.params)));
    }),
  );
  router.patch(
    '/jams/:slug/moderation',
    route(async (req, res) => {
      const input = parse(jamModerationSchema, req.body);
      res.json(await moderation.configure(requireUser(res), slugOf(req.params), input));
    }),
  );
  router.delete(
    '/jams/:slug/messages/:id',
    route(async (req, res) => {
      const input = parse(deleteMessageSchema, req.body ?? {});
      await moderation.delete(requireUser(res), slugOf(req.params), idOf(req.params), input.reason);
      res.status(204).end();
    }),
  );
  router.post(
    '/jams/:slug/messages/:id/approve',
    route(async (req, res) => {
      res.json({ message: await moderation.approve(requireUser(res), slugOf(req.params), idOf(req.params)) });
    }),
  );
  router.post(
    '/jams/:slug/messages/:id/report',
    route(async (req, res) => {
      const input = parse(reportSchema, req.body);
      const result = await queue.report(requireUser(res), slugOf(req.params), idOf(req.params), input.reason);
      res.status(result.reported ? 201 : 200).json(result);
    }),
  );
  router.post(
    '/jams/:slug/reports/:id/dismiss',
    route(async (req, res) => {
      await queue.dismiss(requireUser(res), slugOf(req.params), idOf(req.params));
      res.json({ dismissed: true });
    }),
  );
  router.post(
    '/jams/:slug/panelists',
    route(async (req, res) => {
      const { handle } = parse(handleBodySchema, req.body);
      res.status(201).json({ jam: await team.addPanelist(requireUser(res), slugOf(req.params), handle) });
    }),
  );
  router.delete(
    '/jams/:slug/panelists/:handle',
    route(async (req, res) => {
      const handle = parse(handleSchema, req.params.handle, 'handle');
      res.json({ jam: await team.removePanelist(requireUser(res), slugOf(req.params), handle) });
    }),
  );
  router.post(
    '/jams/:slug/invites',
    route(async (req, res) => {
      const input = parse(createInviteSchema, req.body ?? {});
      const invite = await team.createInvite(requireUser(res), slugOf(req.params), input);
      res.status(201).json({ invite: { ...invite, url: originOf(req) + invite.url } });
    }),
  );
  router.post(
    '/invites/:token/accept',
    route(async (req, res) => {
      const token = parse(inviteTokenSchema, req.params.token, 'token');
      res.json({ jam: await team.acceptInvite(requireUser(res), token) });
    }),
  );

  return router;
}
