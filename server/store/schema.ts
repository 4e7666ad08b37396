import type { UsersTable, SessionsTable, AccountSuspensionsTable, SiteLogTable, UserEmailsTable, EmailTokensTable } from './tables/accounts.ts';
import type { SeriesTable, SeriesHostsTable, JamsTable, QuestionsTable, JamPanelistsTable, ShowActionsTable, QuestionReleasesTable, MessagesTable, BoostsTable, CannedPostsTable, FeaturedAnnouncementsTable } from './tables/jams.ts';
import type { RulesAcceptancesTable, SanctionsTable, NetworkBansTable, ReportsTable, PanelistInvitesTable, ModerationLogTable, AutomodSettingsTable } from './tables/moderation.ts';
import type { InteractionVersionsTable, AudienceQuestionsTable, AudienceVotesTable, PollsTable, PollBallotsTable } from './tables/interaction.ts';
import type { RecapsTable, RecapVersionsTable, EmbedSettingsTable, MailSubscriptionsTable, SeriesMailPrefsTable, MailOutboxTable, WebhooksTable, WebhookDeliveriesTable, WebhookAttemptsTable } from './tables/publishing.ts';
import type { BridgeLinksTable, BridgeAppsTable, BridgeOauthRequestsTable, BridgeOutboundTable, BridgeMirrorPrefsTable, BridgeLeasesTable, XLinksTable, XOauthRequestsTable } from './tables/bridges.ts';
import type { ViewerSaltsTable, JamVisitsTable, JamViewerMinutesTable } from './tables/metrics.ts';
export type * from './tables/accounts.ts';
export type * from './tables/jams.ts';
export type * from './tables/moderation.ts';
export type * from './tables/interaction.ts';
export type * from './tables/publishing.ts';
export type * from './tables/bridges.ts';
export type * from './tables/metrics.ts';

/**
 * Table types for Kysely: the one Database interface, every migrated table in it. Timestamps are
 * ISO-8601 UTC strings with milliseconds so they sort and compare the same way on SQLite and
 * PostgreSQL; flags are 0/1 integers for the same reason. The tables are typed by area in tables/.
 */
export interface Database {
  users: UsersTable;
  account_suspensions: AccountSuspensionsTable;
  site_log: SiteLogTable;
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
  network_bans: NetworkBansTable;
  reports: ReportsTable;
  panelist_invites: PanelistInvitesTable;
  moderation_log: ModerationLogTable;
  interaction_versions: InteractionVersionsTable;
  audience_questions: AudienceQuestionsTable;
  audience_votes: AudienceVotesTable;
  polls: PollsTable;
  poll_ballots: PollBallotsTable;
  automod_settings: AutomodSettingsTable;
  recaps: RecapsTable;
  recap_versions: RecapVersionsTable;
  embed_settings: EmbedSettingsTable;
  user_emails: UserEmailsTable;
  email_tokens: EmailTokensTable;
  mail_subscriptions: MailSubscriptionsTable;
  series_mail_prefs: SeriesMailPrefsTable;
  mail_outbox: MailOutboxTable;
  bridge_links: BridgeLinksTable;
  bridge_apps: BridgeAppsTable;
  bridge_oauth_requests: BridgeOauthRequestsTable;
  bridge_outbound: BridgeOutboundTable;
  bridge_mirror_prefs: BridgeMirrorPrefsTable;
  bridge_leases: BridgeLeasesTable;
  canned_posts: CannedPostsTable;
  viewer_salts: ViewerSaltsTable;
  jam_visits: JamVisitsTable;
  jam_viewer_minutes: JamViewerMinutesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  featured_announcements: FeaturedAnnouncementsTable;
  x_links: XLinksTable;
  x_oauth_requests: XOauthRequestsTable;
}
