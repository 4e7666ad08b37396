import { routes } from '../../../shared/api/routes.ts';
import type { MailKind } from '../../../shared/mail.ts';
import { call } from './http.ts';

/** Email endpoints (docs/API.md "Email"). */
export const mailApi = {
  account: () => call(routes.mail.account),
  setEmail: (email: string, timeZone: string) => call(routes.mail.setEmail, { body: { email, timeZone } }),
  removeEmail: () => call(routes.mail.removeEmail),
  verify: (token: string) => call(routes.mail.verify, { body: { token } }),
  setSeriesMuted: (slug: string, muted: boolean) => call(routes.mail.seriesPref, { params: { slug }, body: { muted } }),
  requestReset: (who: string) => call(routes.mail.requestReset, { body: { who } }),
  resetPassword: (token: string, password: string) => call(routes.mail.resetPassword, { body: { token, password } }),
  subscription: (slug: string) => call(routes.mail.subscription, { params: { slug } }),
  subscribe: (slug: string, kinds: MailKind[], timeZone: string) => call(routes.mail.subscribe, { params: { slug }, body: { kinds, timeZone } }),
  unsubscribe: (token: string, series: string | null) => call(routes.mail.unsubscribe, { query: { token, series: series ?? undefined } }),
  outbox: () => call(routes.mail.outbox),
};

/** The reader's own zone, for times in their reminders. */
export const readerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
