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
  redisUrl: process.env.REDIS_URL || undefined,
  redisKey: process.env.REDIS_KEY || undefined,
  clientDir: path.join(root, 'client', 'dist'),
});

if (demo) {
  const { seedDemo } = await import('./demo/seed.ts');
  await seedDemo(server.services, server.log);
}
server.log.info({ url: `http://localhost:${server.port}`, store: server.store.dialect, adapter: process.env.REDIS_URL ? 'redis' : 'memory', demo }, 'TweetJam is serving');

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
