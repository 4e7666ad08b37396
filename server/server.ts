import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import { createHttpApp } from './http/app.ts';
import { systemClock, type Clock } from './jams/clock.ts';
import { attachRealtime, type JamServer } from './realtime/index.ts';
import { createServices, setPresence, type Services } from './services.ts';
import { openStore, type Store, type StoreConfig } from './store/index.ts';

export interface ServerOptions extends Partial<StoreConfig> {
  port?: number;
  host?: string;
  clock?: Clock;
  clientDir?: string;
  log?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  store: Store;
  io: JamServer;
  log: Logger;
  /** Stops accepting, finishes in-flight writes, tells clients, closes the store. */
  close(): Promise<void>;
}

/** A WebSocket frame larger than a chat message and its envelope is refused. */
const MAX_SOCKET_PAYLOAD = 64 * 1024;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const clock = options.clock ?? systemClock;
  const store = await openStore({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? path.resolve('data'),
    sqliteFile: options.sqliteFile,
  });
  const services = createServices(store, clock, (error) => log.error({ err: error }, 'background task failed'));

  const health = async () => {
    await store.ping();
    return { ok: true, store: store.dialect, adapter: 'memory' };
  };
  const app = createHttpApp(services, { log, clientDir: options.clientDir, health });
  const httpServer = http.createServer(app);
  const io: JamServer = new Server(httpServer, { maxHttpBufferSize: MAX_SOCKET_PAYLOAD, serveClient: false });
  const realtime = attachRealtime(io, services, log);
  setPresence(services, realtime.presence);
  await services.show.start();
  await services.webhooks.start();
  services.metrics.viewers.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
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
    close() {
      closing ??= (async () => {
        services.show.stop();
        services.metrics.viewers.stop();
        httpServer.closeIdleConnections();
        await services.posting.flush();
        await services.show.settle();
        await services.webhooks.stop();
        realtime.close();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await store.close();
      })();
      return closing;
    },
  };
}
