import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Tables of migration 003, typed here so the shared Database interface stays untouched. */
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

export interface WebhooksTable {
  id: string;
  series_id: string;
  url: string;
  secret: string;
  /** Comma-separated event names. */
  events: string;
  active: number;
  created_by: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  series_id: string;
  event: string;
  /** The exact body sent, so retries sign and send the same bytes. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  n: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface FeaturedAnnouncementsTable {
  message_id: string;
  at: string;
}

export type MetricsTables = {
  viewer_salts: ViewerSaltsTable;
  jam_visits: JamVisitsTable;
  jam_viewer_minutes: JamViewerMinutesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  featured_announcements: FeaturedAnnouncementsTable;
};

export type MetricsDb = Kysely<Database & MetricsTables>;

export const metricsDb = (db: Kysely<Database>): MetricsDb => db.withTables<MetricsTables>();
