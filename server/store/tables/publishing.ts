/** What goes out of a jam: recaps, embeds, mail, webhooks. */

/** A jam's recap: the host's working draft and, once published, its latest published version. */
export interface RecapsTable {
  jam_id: string;
  series_id: string;
  /** JSON RecapDraft (cover line + ordered blocks). */
  draft: string;
  /** Bumped on every save; a save naming an older version is a conflict. */
  draft_version: number;
  published_version: number | null;
  published_at: string | null;
  /** JSON array of quoted message ids hidden since publication that hosts have not yet been told about. */
  hidden_notice: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** Every publication of a recap, kept: the permalink shows the newest. */
export interface RecapVersionsTable {
  jam_id: string;
  version: number;
  body: string;
  published_by: string;
  published_at: string;
}

export interface EmbedSettingsTable {
  series_id: string;
  /** Space-separated origins allowed to frame this series' widgets. */
  frame_ancestors: string;
  updated_at: string;
}

/** "Remind me" (1 day / 15 minutes before) and "send me the recap" per person and jam. */
export interface MailSubscriptionsTable {
  user_id: string;
  jam_id: string;
  kind: 'day' | 'soon' | 'recap';
  time_zone: string;
  /** When the mail falls due; null until known (a recap before the jam ends). */
  due_at: string | null;
  /** Set once its mail is queued: the guard that queues it once. */
  enqueued_at: string | null;
  created_at: string;
}

export interface SeriesMailPrefsTable {
  user_id: string;
  series_id: string;
  /** 1: no mail about this series (one-click unsubscribe sets it). */
  muted: number;
  updated_at: string;
}

/** The persisted mail queue (SMTP or the local outbox). */
export interface MailOutboxTable {
  id: string;
  dedupe_key: string;
  /** Stable across retries, so a resent copy is recognisably the same mail. */
  message_id: string;
  kind: string;
  user_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** JSON object of extra headers (List-Unsubscribe…). */
  headers: string;
  /** JSON array of { filename, contentType, content }. */
  attachments: string;
  /** pending → sending (claimed) → sent | failed | uncertain (crashed mid-send: not resent). */
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
  attempts: number;
  next_attempt_at: string;
  claimed_at: string | null;
  last_error: string | null;
  transport: string | null;
  created_at: string;
  sent_at: string | null;
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
