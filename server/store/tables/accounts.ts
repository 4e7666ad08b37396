/** Accounts, sessions, site suspensions and verified email addresses. */
import type { SiteLogAction } from '../../../shared/admin.ts';

export interface UsersTable {
  id: string;
  handle: string;
  handle_key: string;
  display_name: string;
  password_hash: string;
  bio: string;
  avatar_url: string | null;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** An account suspended site-wide by a site operator: it cannot sign in, its sessions are gone. */
export interface AccountSuspensionsTable {
  user_id: string;
  reason: string;
  /** The operator's user id. */
  suspended_by: string;
  suspended_at: string;
}

/** What site operators did (suspend, lift, take over): kept when the suspension row itself is gone. */
export interface SiteLogTable {
  id: string;
  actor_id: string;
  action: SiteLogAction;
  target_user_id: string | null;
  series_id: string | null;
  reason: string | null;
  created_at: string;
}

export interface UserEmailsTable {
  user_id: string;
  email: string;
  /** Lowercased: one account per address. */
  email_key: string;
  verified_at: string | null;
  /** Random; in every mail's one-click unsubscribe link (it can only turn mail off). */
  unsubscribe_token: string;
  /** The reader's own zone, for times in reminders. */
  time_zone: string | null;
  created_at: string;
}

/** Email verification and password-reset tokens: single use, expiring, only the sha256 stored. */
export interface EmailTokensTable {
  id: string;
  user_id: string;
  purpose: 'verify' | 'reset';
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
