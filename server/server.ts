import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import { nanoid } from 'nanoid';
import { XBridge, type BridgeOptions } from './bridge/bridge.ts';
import { networkAdapters } from './bridge/networks/index.ts';
import { OpenBridges } from './bridge/shape/bridges.ts';
import { Bridges } from './bridge/shape/wiring.ts';
import type { OpenBridgeOptions } from './bridge/shape/config.ts';
import { createHttpApp } from './http/app.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { rateLimitConfig, type RateLimitOptions } from './edge/rateLimits.ts';
import { redisRateLimitStores } from './http/redisRateLimits.ts';
import { storeProbe } from './http/readiness.ts';
import { attachRealtime, sameOriginCheck, type JamServer } from './realtime/index.ts';
import { shutdownRealtime } from './realtime/shutdown.ts';
import { Lifecycle, Phase } from './lifecycle.ts';
import { attachRedisFanOut, memoryFanOut } from './realtime/redis.ts';
import type { MailOptions } from './email/mail.ts';
import { createServices, setPresence, type Services } from './services.ts';
import { answerScrape, listenForScrapes, type MetricsExposure } from './observability/endpoint.ts';
import { createPrometheus, type Prometheus } from './observability/prometheus.ts';
import { connectStore, type Store, type StoreConfig } from './store/index.ts';

export interface ServerOptions extends Partial<StoreConfig> {
  port?: number;
  host?: string;
  clock?: Clock;
  clientDir?: string;
  log?: Logger;
  /** Rate limits (http/rateLimits.ts defaults); false turns them off (load tests). */
  rateLimits?: RateLimitOptions;
  /** redis://… shares rooms between nodes through the Redis adapter. */
  redisUrl?: string;
  /** Channel prefix for the Redis adapter (several deployments on one Redis). */
  redisKey?: string;
  /** Email: SMTP_URL or the local outbox (tests point it at their own SMTP server). */
  mail?: MailOptions;
  /** X bridge settings over the X_* env vars (tests point it at a mock). */
  bridge?: BridgeOptions;
  /** Bluesky and Mastodon bridge settings over the BRIDGE_* / BLUESKY_* / MASTODON_* env vars (tests point them at mocks). */
  networks?: OpenBridgeOptions;
  /** Prometheus metrics: a loopback port and/or a bearer token for /metrics on the main port; neither leaves them off. */
  metrics?: MetricsExposure;
  /** Handles of site operators (ADMIN_HANDLES): they see every series and can suspend accounts. */
  adminHandles?: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  store: Store;
  io: JamServer;
  log: Logger;
  /** migrating → serving → draining → closed; /readyz reads it. */
  lifecycle: Lifecycle;
  bridge: XBridge;
  networks: OpenBridges;
  /** The Prometheus registry, and the separate scrape URL when METRICS_PORT is set. */
  metrics: Prometheus & { url?: string };
  /** Stops accepting, finishes in-flight writes, tells clients, closes the store. */
  close(): Promise<void>;
}

/** A WebSocket frame larger than a chat message and its envelope is refused. */
const MAX_SOCKET_PAYLOAD = 64 * 1024;
/** Longest wait for in-flight HTTP requests during shutdown. */
const HTTP_DRAIN_MS = 5000;
/**
 * Socket.IO replays what a briefly disconnected socket missed (in-memory adapter only; with the
 * Redis adapter `recovered` is simply false). The guaranteed path stays jam:join { since }.
 * Middlewares run again on recovery, so a closed session is not resurrected.
 */
const RECOVERY = { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false };

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const clock = options.clock ?? systemClock;
  const lifecycle = new Lifecycle();
  const store = connectStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? path.resolve('data'),
    sqliteFile: options.sqliteFile,
    busyTimeoutMs: options.busyTimeoutMs,
    log,
  });
  const services = createServices(store, clock, (error) => log.error({ err: error }, 'background task failed'), { log, mail: options.mail, adminHandles: options.adminHandles });

  let fanOut = memoryFanOut;
  // Several nodes share one Redis: their rate-limit counters live there too (local while it is away).
  const limitStores = options.redisUrl && rateLimitConfig(options.rateLimits) && !(options.rateLimits && options.rateLimits.store) ? redisRateLimitStores(options.redisUrl, log, options.redisKey) : undefined;
  const rateLimits: RateLimitOptions | undefined = limitStores ? { ...(options.rateLimits || {}), store: (prefix) => limitStores.store(prefix) } : options.rateLimits;
  const storeUp = storeProbe(() => store.ping());
  // The documented body either way: a store that does not answer is `ok: false` (503), never an error page.
  const health = async () => {
    const up = await storeUp();
    return { ok: up, store: store.dialect, ...(up ? {} : { storeError: 'unreachable' }), ...fanOut.health(), ...limitStores?.health() };
  };
  // Every bridge of this node shares one ingest path and one lease holder name.
  const shared = Bridges.sharedParts(services.deps, services.posting, services.networkBans, nanoid());
  const bridge = new XBridge(services.deps, log, options.bridge ?? {}, shared);
  const networks = new OpenBridges(services.deps, shared.ingestion, log, (setup) => networkAdapters(setup.enabled ? setup.config : null), options.networks, shared.leases.holder);
  // One event wiring drives every bridge family.
  const bridges = new Bridges(services.deps, log, [bridge, networks]);
  // Scrapes begin after listen, by which time io exists.
  const prometheus = createPrometheus({
    events: services.deps.events,
    store,
    lifecycle,
    sockets: () => countSockets(io),
    postingQueueDepth: () => services.posting.queueDepth,
    fanOut: () => fanOut.health(),
    now: () => clock.now(),
  });
  const metricsToken = options.metrics?.token;
  const scrape = metricsToken ? (req: http.IncomingMessage, res: http.ServerResponse) => void answerScrape(prometheus.registry, metricsToken, req, res) : undefined;
  const app = createHttpApp(services, { log, clientDir: options.clientDir, health, storeUp, rateLimits, lifecycle, bridge, networks, scrape });
  const httpServer = http.createServer(app);
  const io: JamServer = new Server(httpServer, { maxHttpBufferSize: MAX_SOCKET_PAYLOAD, serveClient: false, allowRequest: sameOriginCheck(), connectionStateRecovery: RECOVERY });
  io.use((_socket, next) => (lifecycle.ready ? next() : next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable', message: `the server is ${lifecycle.phase}; reconnect shortly`, retryAfter: 2 } }))));
  if (options.redisUrl) fanOut = await attachRedisFanOut(io, options.redisUrl, log, options.redisKey);
  const realtime = attachRealtime(io, services, log, { rateLimits, fanOut });
  setPresence(services, realtime.presence);

  // Listen first so /readyz answers 503 while migrating; the gates refuse everything else until then.
  let scrapes: Awaited<ReturnType<typeof listenForScrapes>> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
    });
    if (options.metrics?.port !== undefined) scrapes = await listenForScrapes(prometheus.registry, { ...options.metrics, port: options.metrics.port });
  } catch (error) {
    // Nothing half-started: a port that cannot be bound closes what was opened and says which.
    httpServer.close();
    realtime.close();
    await fanOut.close();
    await limitStores?.close();
    await store.close().catch(() => {});
    throw error;
  }
  try {
    await store.migrate();
    // Before the show starts: questions released while we were down are posted to X too.
    await bridges.start();
    await services.show.start();
    await services.webhooks.start();
    services.metrics.viewers.start();
    // Links in mail need an address: PUBLIC_URL, else the one we listen on.
    if (!process.env.PUBLIC_URL) {
      const address = httpServer.address() as AddressInfo;
      const listen = !options.host ? '127.0.0.1' : options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
      services.mail.origin = `http://${listen.includes(':') ? `[${listen}]` : listen}:${address.port}`;
    }
    await services.mail.start();
  } catch (error) {
    httpServer.close();
    await scrapes?.close();
    await limitStores?.close();
    await store.close().catch(() => {});
    throw error;
  }
  lifecycle.enter(Phase.serving);
  const port = (httpServer.address() as AddressInfo).port;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    services,
    store,
    io,
    log,
    lifecycle,
    bridge,
    networks,
    metrics: { ...prometheus, url: scrapes?.url },
    close() {
      closing ??= (async () => {
        // Not ready at once (/readyz 503, new sockets and writes refused as retryable), stop accepting connections.
        lifecycle.enter(Phase.draining);
        services.posting.close();
        const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        services.metrics.viewers.stop();
        httpServer.closeIdleConnections();
        services.show.stop();
        bridges.stop();
        // Every post already queued is written and acknowledged before anyone is told to leave.
        await services.posting.flush();
        await services.show.settle();
        await bridges.settle();
        await realtime.drain();
        await shutdownRealtime(io, log);
        await services.webhooks.stop();
        await services.mail.stop();
        realtime.close();
        await new Promise<void>((resolve) => void io.close(() => resolve()));
        await fanOut.close();
        await limitStores?.close();
        // In-flight HTTP requests finish before the store closes under them; a stuck one is cut after a while.
        const cut = setTimeout(() => httpServer.closeAllConnections(), HTTP_DRAIN_MS);
        await httpClosed;
        clearTimeout(cut);
        await store.close();
        prometheus.stop();
        await scrapes?.close();
        lifecycle.enter(Phase.closed);
      })();
      return closing;
    },
  };
}

/** Open connections on this node, and those without an account (lurkers). */
function countSockets(io: JamServer): { connected: number; lurkers: number } {
  let lurkers = 0;
  for (const socket of io.of('/').sockets.values()) if (!socket.data.user) lurkers++;
  return { connected: io.of('/').sockets.size, lurkers };
}
