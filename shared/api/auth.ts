import { z } from '../zod.ts';
import { userViewSchema } from '../auth.ts';
import { instant } from '../model.ts';
import { signUpWithProfileSchema, updateProfileSchema } from '../moderation.ts';
import { signInSchema } from '../auth.ts';
import { defineRoute } from './define.ts';

const tag = 'Accounts';
/** A new session: the cookie is set too; `token` is for API clients (`Authorization: Bearer …`). */
const sessionSchema = z.object({ user: userViewSchema, token: z.string(), expiresAt: instant() }).meta({ id: 'Session' });

export const authRoutes = {
  signUp: defineRoute({
    method: 'post',
    path: '/api/auth/signup',
    summary: 'Create an account and sign in',
    tag,
    auth: 'public',
    body: signUpWithProfileSchema,
    status: 201,
    response: sessionSchema,
    errors: ['conflict'],
    rateLimit: 'signUp',
  }),
  signIn: defineRoute({
    method: 'post',
    path: '/api/auth/signin',
    summary: 'Sign in with handle and password',
    tag,
    auth: 'public',
    body: signInSchema,
    status: 200,
    response: sessionSchema,
    errors: ['unauthenticated', 'forbidden'],
    rateLimit: 'signIn',
  }),
  signOut: defineRoute({ method: 'post', path: '/api/auth/signout', summary: 'Close the session (cookie or bearer token)', tag, auth: 'public', status: 204 }),
  me: defineRoute({
    method: 'get',
    path: '/api/auth/me',
    summary: 'The signed-in account, and whether it hosts any series',
    tag,
    auth: 'user',
    status: 200,
    response: z.object({ user: userViewSchema, hosting: z.boolean() }),
  }),
  updateMe: defineRoute({
    method: 'patch',
    path: '/api/auth/me',
    summary: 'Edit your own profile (display name, bio, https avatar)',
    tag,
    auth: 'user',
    body: updateProfileSchema,
    status: 200,
    response: z.object({ user: userViewSchema }),
  }),
};
