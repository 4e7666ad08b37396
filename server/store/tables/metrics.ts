/** Viewer counting by daily-salted hashes (migration 003). */

export interface ViewerSaltsTable {
  /** UTC day, "2026-03-08". */
  day: string;
  salt: string;
}

export interface JamVisitsTable {
  jam_id: string;
  /** hex HMAC-SHA256(day's salt, identity): never the raw IP. */
  visitor: string;
  /** Set for signed-in viewers, so reach does not count a poster who also watched twice. */
  user_id: string | null;
  day: string;
  first_seen: string;
}

export interface JamViewerMinutesTable {
  jam_id: string;
  /** ISO instant of the minute's start ("2026-03-08T06:31:00.000Z"). */
  minute: string;
  /** Highest concurrent connections seen in that minute. */
  viewers: number;
  /** Highest concurrent connections without a signed-in user. */
  lurkers: number;
}
