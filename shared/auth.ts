import { z } from './zod.ts';
import { handleSchema, visibleText } from './fields.ts';

/** Accounts: sign-up and sign-in inputs, and the signed-in person as the server presents them. */

/**
 * A readable cookie beside the HttpOnly session cookie, set while a session exists: the page asks
 * /api/auth/me only when it is there, so an anonymous visit costs no 401 (and no console error).
 */
export const SIGNED_IN_COOKIE = 'tj_signed_in';

export const signUpSchema = z.object({
  handle: handleSchema,
  password: z.string().min(8, 'at least 8 characters').max(200),
  displayName: visibleText(60).optional(),
});
export const signInSchema = z.object({ handle: handleSchema, password: z.string().min(1).max(200) });

export type SignUpInput = z.infer<typeof signUpSchema>;

export const userViewSchema = z
  .object({
    id: z.string(),
    handle: z.string(),
    displayName: z.string(),
    bio: z.string(),
    avatarUrl: z.string().nullable(),
    siteAdmin: z.literal(true).optional().describe("Present (true) only on the caller's own account when it is a site operator (ADMIN_HANDLES)."),
  })
  .meta({ id: 'UserView' });
export type UserView = z.infer<typeof userViewSchema>;

