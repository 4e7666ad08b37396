import type { Generated } from 'kysely';

/** Standing (rules accepted, sanctions, bans of bridged authors), reports, invites, the audit log, automod settings. */

export interface RulesAcceptancesTable {
  series_id: string;
  user_id: string;
  /** sha256 of the rules text accepted: changed rules need accepting again. */
  rules_hash: string;
  accepted_at: string;
}

/** A mute (no posting) or ban (no writing at all), for one jam or a whole series. */
export interface SanctionsTable {
  id: string;
  series_id: string;
  /** null: the whole series. */
  jam_id: string | null;
  user_id: string;
  kind: 'mute' | 'ban';
  reason: string | null;
  by_user_id: string;
  created_at: string;
  expires_at: string | null;
  lifted_at: string | null;
}

/** A bridged author banned from a series (or one jam): their later posts are never brought in. */
export interface NetworkBansTable {
  id: string;
  series_id: string;
  /** null: the whole series. */
  jam_id: string | null;
  network: 'x' | 'bluesky' | 'mastodon';
  author_id: string;
  author_handle: string;
  author_name: string;
  reason: string | null;
  by_user_id: string;
  created_at: string;
  expires_at: string | null;
  lifted_at: string | null;
}

export interface ReportsTable {
  id: string;
  jam_id: string;
  message_id: string;
  reporter_id: string;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: 'hidden' | 'deleted' | 'dismissed' | null;
}

export interface PanelistInvitesTable {
  /** sha256 of the invite token; the token itself is shown once. */
  id: string;
  jam_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  uses_left: number;
}

export interface ModerationLogTable {
  id: Generated<number>;
  series_id: string;
  jam_id: string | null;
  actor_id: string;
  action: string;
  target_user_id: string | null;
  message_id: string | null;
  reason: string | null;
  /** Small JSON object with action-specific facts (minutes, scope…). */
  detail: string | null;
  created_at: string;
}

export interface AutomodSettingsTable {
  series_id: string;
  /** JSON of AutomodSettings (shared/interaction.ts). */
  settings: string;
  updated_at: string;
}
