import { Archive } from './archive/archive.ts';
import { Accounts } from './auth/accounts.ts';
import { Boosts } from './jams/boosts.ts';
import type { Clock } from './jams/clock.ts';
import type { Deps, Presence } from './jams/deps.ts';
import { JamEvents } from './jams/events.ts';
import { JamService } from './jams/jams.ts';
import { Moderation } from './jams/moderation.ts';
import { Posting } from './jams/posting.ts';
import { SeriesService } from './jams/series.ts';
import { ShowRunner } from './jams/showRunner.ts';
import { AuditLog } from './moderation/audit.ts';
import { ModerationQueue } from './moderation/reports.ts';
import { Sanctions } from './moderation/sanctions.ts';
import { Standing } from './moderation/standing.ts';
import { Team } from './moderation/team.ts';
import { MetricsService } from './metrics/service.ts';
import type { Store } from './store/index.ts';
import { Webhooks } from './webhooks/webhooks.ts';

/** Every domain service, wired to one store, clock and event bus. Edges (HTTP, sockets) call these. */
export interface Services {
  deps: Deps;
  accounts: Accounts;
  series: SeriesService;
  jams: JamService;
  show: ShowRunner;
  posting: Posting;
  moderation: Moderation;
  archive: Archive;
  boosts: Boosts;
  standing: Standing;
  audit: AuditLog;
  sanctions: Sanctions;
  queue: ModerationQueue;
  team: Team;
  metrics: MetricsService;
  webhooks: Webhooks;
}

export function createServices(store: Store, clock: Clock, onError: (error: unknown) => void): Services {
  const presence: Presence & { source?: Presence } = { viewers: (slug) => presence.source?.viewers(slug) ?? 0 };
  const deps: Deps = { store, clock, events: new JamEvents(onError), presence };
  const series = new SeriesService(deps);
  const show = new ShowRunner(deps, onError);
  const jams = new JamService(deps, series, (jamId) => show.replan(jamId));
  const standing = new Standing(deps);
  const audit = new AuditLog(deps);
  return {
    deps,
    accounts: new Accounts(store, clock, deps.events),
    series,
    jams,
    show,
    posting: new Posting(deps, standing),
    moderation: new Moderation(deps, audit, standing),
    archive: new Archive(deps, jams),
    boosts: new Boosts(deps, standing),
    standing,
    audit,
    sanctions: new Sanctions(deps, audit),
    queue: new ModerationQueue(deps, standing, audit),
    team: new Team(deps, series, jams, standing, audit),
    metrics: new MetricsService(deps, jams, series, onError),
    webhooks: new Webhooks(deps, series, onError),
  };
}

/** Lets the realtime layer, built after the services, supply live viewer counts. */
export function setPresence(services: Services, source: Presence): void {
  (services.deps.presence as Presence & { source?: Presence }).source = source;
}
