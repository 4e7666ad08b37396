import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import { XBridge, type BridgeOptions } from './bridge/bridge.ts';
import { createHttpApp } from './http/app.ts';
import { systemClock, type Clock } from './jams/clock.ts';
import type { RateLimitOptions } from './http/rateLimits.ts';
import { allowSameOrigin, attachRealtime, type JamServer } from './realtime/index.ts';
import { shutdownRealtime } from './realtime/shutdown.ts';
import { Lifecycle, Phase } from './lifecycle.ts';
import { attachRedisFanOut, memoryFanOut } from './realtime/redis.ts';
import { createServices, setPresence, type Services } from './services.ts';
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
  /** X bridge settings over the X_* env vars (tests point it at a mock). */
  bridge?: BridgeOptions;
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
  const services = createServices(store, clock, (error) => log.error({ err: error }, 'background task failed'));

  let fanOut = memoryFanOut;
  const health = async () => {
    await store.ping();
    return { ok: true, store: store.dialect, ...fanOut.health() };
  };
  const bridge = new XBridge(services.deps, services.posting, log, options.bridge);
  const app = createHttpApp(services, { log, clientDir: options.clientDir, health, rateLimits: options.rateLimits, lifecycle, bridge });
  const httpServer = http.createServer(app);
  const io: JamServer = new Server(httpServer, { maxHttpBufferSize: MAX_SOCKET_PAYLOAD, serveClient: false, allowRequest: allowSameOrigin, connectionStateRecovery: RECOVERY });
  io.use((_socket, next) => (lifecycle.ready ? next() : next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable', message: `the server is ${lifecycle.phase}; reconnect shortly`, retryAfter: 2 } }))));
  if (options.redisUrl) fanOut = await attachRedisFanOut(io, options.redisUrl, log, options.redisKey);
  const realtime = attachRealtime(io, services, log, { rateLimits: options.rateLimits, clustered: fanOut.clustered });
  setPresence(services, realtime.presence);

  // Listen first so /readyz answers 503 while migrating; the gates refuse everything else until then.
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  try {
    await store.migrate();
    // Before the show starts: questions released while we were down are posted to X too.
    await bridge.start();
    await services.show.start();
    await services.webhooks.start();
    services.metrics.viewers.start();
  } catch (error) {
    httpServer.close();
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
    close() {
      closing ??= (async () => {
        // Not ready at once (/readyz 503, new sockets and writes refused as retryable), stop accepting connections.
        lifecycle.enter(Phase.draining);
        services.posting.close();
        const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        services.metrics.viewers.stop();
        httpServer.closeIdleConnections();
        services.show.stop();
        bridge.stop();
        // Every post already queued is written and acknowledged before anyone is told to leave.
        await services.posting.flush();
        await services.show.settle();
        await bridge.settle();
        await realtime.drain();
        await shutdownRealtime(io, log);
        await services.webhooks.stop();
        realtime.close();
        await new Promise<void>((resolve) => void io.close(() => resolve()));
        await fanOut.close();
        // In-flight HTTP requests finish before the store closes under them; a stuck one is cut after a while.
        const cut = setTimeout(() => httpServer.closeAllConnections(), HTTP_DRAIN_MS);
        await httpClosed;
        clearTimeout(cut);
        await store.close();
        lifecycle.enter(Phase.closed);
      })();
      return closing;
    },
  };
}
