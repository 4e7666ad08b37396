import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Timestamps are ISO-8601 UTC strings with milliseconds so they sort
 * and compare the same way on SQLite and PostgreSQL; flags are 0/1 integers for the same reason.
 */
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

export interface SeriesTable {
  id: string;
  slug: string;
  name: string;
  hashtag: string;
  hashtag_key: string;
  description: string;
  rules: string;
  time_zone: string;
  default_duration_min: number;
  owner_id: string;
  created_at: string;
}

export interface SeriesHostsTable {
  series_id: string;
  user_id: string;
  role: 'owner' | 'cohost';
  created_at: string;
}

export interface JamsTable {
  id: string;
  slug: string;
  series_id: string;
  title: string;
  description: string;
  starts_at: string;
  duration_min: number;
  /** Highest seq handed out; bumped in the same transaction as each insert. */
  last_seq: number;
  /** The status last announced to viewers: the guard that makes each announcement happen once. */
  announced_status: 'scheduled' | 'live' | 'ended';
  created_by: string;
  created_at: string;
  /** Slow mode: seconds a participant waits between posts; 0 is off. */
  slow_mode_sec: number;
  /** 1: a first-time poster's messages are held until a host approves them. */
  premoderation: number;
}

export interface QuestionsTable {
  jam_id: string;
  n: number;
  text: string;
  offset_min: number;
}

export interface JamPanelistsTable {
  jam_id: string;
  user_id: string;
}

export interface ShowActionsTable {
  id: Generated<number>;
  jam_id: string;
  kind: 'start' | 'release_next' | 'extend' | 'end';
  minutes: number | null;
  at: string;
  by_user_id: string | null;
}

/** One row per question actually announced: inserted once, so side effects run once. */
export interface QuestionReleasesTable {
  jam_id: string;
  n: number;
  released_at: string;
}

export interface MessagesTable {
  id: string;
  jam_id: string;
  seq: number;
  client_id: string;
  author_id: string | null;
  author_handle: string;
  author_name: string;
  author_role: 'host' | 'panelist' | 'participant';
  text: string;
  question: number | null;
  reply_to: string | null;
  source: 'native' | 'x';
  external_id: string | null;
  external_url: string | null;
  hidden: number;
  hidden_reason: string | null;
  featured: number;
  /** Denormalised count of boosts rows, so streams need no join. */
  boost_count: number;
  created_at: string;
  /** 1 while awaiting a host's approval (pre-moderation); such rows are also hidden = 1. */
  held: number;
}

export interface BoostsTable {
  message_id: string;
  user_id: string;
  created_at: string;
}

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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  series: SeriesTable;
  series_hosts: SeriesHostsTable;
  jams: JamsTable;
  questions: QuestionsTable;
  jam_panelists: JamPanelistsTable;
  show_actions: ShowActionsTable;
  question_releases: QuestionReleasesTable;
  messages: MessagesTable;
  boosts: BoostsTable;
  rules_acceptances: RulesAcceptancesTable;
  sanctions: SanctionsTable;
  reports: ReportsTable;
  panelist_invites: PanelistInvitesTable;
  moderation_log: ModerationLogTable;
}
