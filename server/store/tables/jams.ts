import type { Generated } from 'kysely';

/** Series, their hosts, jams, the run of show and the messages posted in them. */

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
  /** 1: anyone may read the questions before they are released; 0: only the jam's team (hosts, panelists). */
  questions_public: number;
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
  kind: 'start' | 'release_next' | 'extend' | 'end' | 'promote';
  minutes: number | null;
  at: string;
  by_user_id: string | null;
  /** promote: the audience question promoted, its text and its author's credit. */
  ref_id: string | null;
  text: string | null;
  credit_handle: string | null;
  credit_name: string | null;
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
  source: 'native' | 'x' | 'bluesky' | 'mastodon';
  external_id: string | null;
  external_url: string | null;
  /** The bridged author's stable id on its network (X user id, Bluesky DID, Mastodon account URL): what a ban names. */
  external_author_id: string | null;
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

/** A series' canned posts in the host composer, in the hosts' order. */
export interface CannedPostsTable {
  series_id: string;
  position: number;
  /** Short button label ("Welcome"). */
  label: string;
  text: string;
  updated_at: string;
}

export interface FeaturedAnnouncementsTable {
  message_id: string;
  at: string;
}
