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
}

export interface BoostsTable {
  message_id: string;
  user_id: string;
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
}
