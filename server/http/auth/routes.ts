import { Router } from 'express';
import { updateProfileSchema } from '../../../shared/moderation.ts';
import { signInSchema, signUpSchema } from '../../../shared/schemas.ts';
import { presentUser } from '../../presenters.ts';
import type { Services } from '../../services.ts';
import { parse, requireUser, route, type AuthedLocals } from '../edge.ts';
import type { HttpLimiters } from '../rateLimits.ts';
import { setCsrfCookie } from '../security.ts';
import { clearSessionCookie, setSessionCookie } from './session.ts';

/** /api/auth: sign up, sign in, sign out, who am I, edit my profile. */
export function authRoutes({ accounts }: Services, limits: HttpLimiters): Router {
  const router = Router();

  router.post(
    '/signup',
    ...limits.signUp,
    route(async (req, res) => {
      const input = parse(signUpSchema, req.body);
      const user = await accounts.signUp(input);
      const session = await accounts.openSession(user);
      setSessionCookie(req, res, session.token, session.expiresAt);
      setCsrfCookie(req, res);
      res.status(201).json({ user: presentUser(user), token: session.token, expiresAt: session.expiresAt.toISOString() });
    }),
  );

  router.post(
    '/signin',
    ...limits.signIn,
    route(async (req, res) => {
      const input = parse(signInSchema, req.body);
      const user = await accounts.verify(input.handle, input.password);
      const session = await accounts.openSession(user);
      setSessionCookie(req, res, session.token, session.expiresAt);
      setCsrfCookie(req, res);
      res.json({ user: presentUser(user), token: session.token, expiresAt: session.expiresAt.toISOString() });
    }),
  );

  router.post(
    '/signout',
    route(async (req, res) => {
      const token = (res.locals as AuthedLocals).sessionToken;
      if (token) await accounts.closeSession(token);
      clearSessionCookie(req, res);
      res.status(204).end();
    }),
  );

  router.get(
    '/me',
    route(async (_req, res) => {
      res.json({ user: presentUser(requireUser(res)) });
    }),
  );

  router.patch(
    '/me',
    route(async (req, res) => {
      const input = parse(updateProfileSchema, req.body);
      res.json({ user: presentUser(await accounts.updateProfile(requireUser(res), input)) });
    }),
  );

  return router;
}
