import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.ts';

/** Process entry: config from env, `--demo` to seed a live and an archived jam, SIGTERM to drain and stop. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = process.argv.includes('--demo');

const server = await startServer({
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '0.0.0.0',
  dataDir: path.resolve(process.env.DATA_DIR ?? path.join(root, 'data')),
  databaseUrl: process.env.DATABASE_URL || undefined,
  clientDir: path.join(root, 'client', 'dist'),
});

if (demo) {
  const { seedDemo } = await import('./demo/seed.ts');
  await seedDemo(server.services, server.log);
}
// `port` is read by tests and scripts that start us with PORT=0.
server.log.info({ url: `http://localhost:${server.port}`, port: server.port, store: server.store.dialect, demo }, 'TweetJam is serving');

/** A shutdown that hangs (a stuck request, a dead database) must not keep the process: acked writes are already committed. */
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 15_000);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    setTimeout(() => {
      server.log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => {
        server.log.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
