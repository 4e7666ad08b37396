import { SiteAdmin } from './admin/siteAdmin.ts';
import { Archive } from './archive/archive.ts';
import { Accounts } from './auth/accounts.ts';
import { Boosts } from './jams/boosts.ts';
import { CannedPosts } from './jams/cannedPosts.ts';
import type { Clock } from './core/clock.ts';
import type { Deps, Presence } from './core/deps.ts';
import { DomainEvents } from './core/events.ts';
import { KeptReads } from './core/readCache.ts';
import { JamService } from './jams/jams.ts';
import { Joining } from './jams/joining.ts';
import { Moderation } from './moderation/messages.ts';
import { Posting } from './jams/posting.ts';
import { SeriesService } from './jams/series.ts';
import { ShowRunner } from './jams/showRunner.ts';
import { AudienceQuestions } from './interaction/audience.ts';
import { Polls } from './interaction/polls.ts';
import { Promotion } from './interaction/promote.ts';
import { Unanswered } from './interaction/unanswered.ts';
import { AuditLog } from './moderation/audit.ts';
import { Automod } from './moderation/automod.ts';
import { ModerationQueue } from './moderation/reports.ts';
import { NetworkBans } from './moderation/networkBans.ts';
import { Sanctions } from './moderation/sanctions.ts';
import { Standing } from './moderation/standing.ts';
import { Team } from './moderation/team.ts';
import { MetricsService } from './metrics/service.ts';
import { pino, type Logger } from 'pino';
import { Mail, type MailOptions } from './email/mail.ts';
import { Embeds } from './embeds/embeds.ts';
import { Recaps } from './recaps/recaps.ts';
import type { Store } from './store/index.ts';
import { Webhooks } from './webhooks/webhooks.ts';

/** Every domain service, wired to one store, clock and event bus. Edges (HTTP, sockets) call these. */
export interface Services {
  deps: Deps;
  /** Reads the posting path keeps in memory, and what drops them (the cluster relay links them across nodes). */
  kept: KeptReads;
  accounts: Accounts;
  series: SeriesService;
  jams: JamService;
  /** Entering a jam's live view (the socket join) and who is here. */
  joining: Joining;
  show: ShowRunner;
  posting: Posting;
  moderation: Moderation;
  archive: Archive;
  boosts: Boosts;
  standing: Standing;
  audit: AuditLog;
  sanctions: Sanctions;
  /** Bans of bridged authors (X, Bluesky, Mastodon), enforced where their posts come in. */
  networkBans: NetworkBans;
  queue: ModerationQueue;
  team: Team;
  metrics: MetricsService;
  webhooks: Webhooks;
  audience: AudienceQuestions;
  polls: Polls;
  promotion: Promotion;
  unanswered: Unanswered;
  automod: Automod;
  recaps: Recaps;
  embeds: Embeds;
  mail: Mail;
  cannedPosts: CannedPosts;
  /** Site operators (ADMIN_HANDLES): every series, suspensions, take-overs, escalated reports. */
  admin: SiteAdmin;
}

/** What only some processes configure: the logger mail notes go to, how mail is sent, the site operators. */
export interface ServiceOptions {
  log?: Logger;
  mail?: MailOptions;
  adminHandles?: string[];
}

export function createServices(store: Store, clock: Clock, onError: (error: unknown) => void, options: ServiceOptions = {}): Services {
  const presence: Presence & { source?: Presence } = { viewers: (slug) => presence.source?.viewers(slug) ?? 0 };
  const deps: Deps = { store, clock, events: new DomainEvents(onError), presence };
  const series = new SeriesService(deps);
  const show = new ShowRunner(deps, onError);
  const jams = new JamService(deps, (jamId) => show.replan(jamId));
  const kept = new KeptReads(clock);
  deps.events.on('session:closed', ({ sessionId }) => kept.sessionClosed(sessionId));
  deps.events.on('user:updated', ({ userId }) => kept.userChanged(userId));
  deps.events.on('standing:changed', ({ userId, seriesId }) => kept.standingChanged(userId, seriesId));
  const standing = new Standing(deps, kept);
  const audit = new AuditLog(deps);
  const metrics = new MetricsService(deps, jams, series, onError);
  const recaps = new Recaps(deps, jams);
  const automod = new Automod(deps, audit);
  const audience = new AudienceQuestions(deps, standing, audit);
  return {
    deps,
    kept,
    accounts: new Accounts(store, clock, deps.events, kept.sessions),
    series,
    jams,
    joining: new Joining(deps, jams, standing, metrics, onError),
    show,
    posting: new Posting(deps, standing, automod),
    moderation: new Moderation(deps, audit, standing),
    archive: new Archive(deps, jams),
    boosts: new Boosts(deps, standing),
    standing,
    audit,
    sanctions: new Sanctions(deps, audit),
    networkBans: new NetworkBans(deps, audit),
    queue: new ModerationQueue(deps, standing, audit),
    team: new Team(deps, series, jams, standing, audit),
    metrics,
    webhooks: new Webhooks(deps, onError),
    audience,
    polls: new Polls(deps, standing, audit, onError),
    promotion: new Promotion(deps, audience, show, audit),
    unanswered: new Unanswered(deps),
    automod,
    recaps,
    mail: new Mail(deps, jams, recaps, metrics, options.log ?? pino({ level: 'silent' }), options.mail),
    embeds: new Embeds(deps, jams),
    cannedPosts: new CannedPosts(deps),
    admin: new SiteAdmin(deps, audit, options.adminHandles ?? []),
  };
}

/** Lets the realtime layer, built after the services, supply live viewer counts. */
export function setPresence(services: Services, source: Presence): void {
  (services.deps.presence as Presence & { source?: Presence }).source = source;
}
