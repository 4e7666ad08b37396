import { authRoutes as routes } from '../../../shared/api/auth.ts';
import { presentUser } from '../../presenters.ts';
import type { Services } from '../../services.ts';
import type { UserRow } from '../../store/users.ts';
import type { AuthedLocals } from '../edge.ts';
import { implement, type Implementation } from '../routing.ts';
import { csrfTokenFor, setCsrfCookie } from '../security.ts';
import { clearSessionCookie, setSessionCookie } from './session.ts';

/** /api/auth: sign up, sign in, sign out, who am I, edit my profile. */
export function authRoutes({ accounts, series, admin }: Services): Implementation[] {
  /** The caller's own account: marks a site operator, so the client can offer /admin. */
  const presentSelf = (user: UserRow) => (admin.isSiteAdmin(user) ? { ...presentUser(user), siteAdmin: true as const } : presentUser(user));

  /** Opens a session for the account: the cookies for browsers, the token for API clients. */
  const signedIn = async (user: UserRow, { req, res }: Parameters<Implementation['handler']>[1]) => {
    const session = await accounts.openSession(user);
    setSessionCookie(req, res, session.token, session.expiresAt);
    setCsrfCookie(req, res, csrfTokenFor(session.token));
    return { user: presentSelf(user), token: session.token, expiresAt: session.expiresAt.toISOString() };
  };

  return [
    implement(routes.signUp, async ({ body }, ctx) => signedIn(await accounts.signUp(body), ctx)),
    implement(routes.signIn, async ({ body }, ctx) => signedIn(await accounts.verify(body.handle, body.password), ctx)),
    implement(routes.signOut, async (_input, { req, res }) => {
      const token = (res.locals as AuthedLocals).sessionToken;
      if (token) await accounts.closeSession(token);
      clearSessionCookie(req, res);
    }),
    implement(routes.me, async ({ user }) => ({ user: presentSelf(user), hosting: await series.hostsAny(user) })),
    implement(routes.updateMe, async ({ user, body }) => ({ user: presentSelf(await accounts.updateProfile(user, body)) })),
  ];
}
