import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { dataDirOf, describeConfig, portProblems, readConfig } from './config.ts';
import { startServer } from './server.ts';

/** Process entry: config from env, `--demo` to seed a live and an archived jam, SIGTERM to drain and stop. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Modules are loaded by now: `startMs` in the serving line is how long starting took (store, Redis, migrations). */
const bootedAt = performance.now();
const demo = process.argv.includes('--demo');
const checkOnly = process.argv.includes('--check-config');

// Validate everything before opening anything: a bad setting stops the start with nothing half-done.
const config = readConfig();
if (!config.ok) refuseToStart(config.problems);
const env = config.env;
if (checkOnly) {
  console.log(JSON.stringify(describeConfig(env, root), null, 2));
  const ports = await portProblems(env);
  if (ports.length > 0) refuseToStart(ports);
  process.exit(0);
}
const busy = await portProblems(env);
if (busy.length > 0) refuseToStart(busy);

function refuseToStart(problems: string[]): never {
  console.error(`TweetJam did not start: ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} with the configuration.`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(2);
}

const log = pino({ level: env.LOG_LEVEL });

const server = await startServer({
  log,
  port: env.PORT,
  host: env.HOST,
  dataDir: dataDirOf(env, root),
  databaseUrl: env.DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisKey: env.REDIS_KEY,
  clientDir: path.join(root, 'client', 'dist'),
  adminHandles: env.ADMIN_HANDLES,
  metrics: { port: env.METRICS_PORT, host: env.METRICS_HOST, token: env.METRICS_TOKEN },
  // Without SMTP_URL mail stays in the local outbox; --demo shows it at /outbox.
  mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, outboxPage: demo && !env.SMTP_URL },
}).catch((error: unknown) => {
  log.fatal({ err: error }, 'TweetJam did not start');
  return process.exit(1);
});

if (demo) {
  const { seedDemo } = await import('./demo/seed.ts');
  await seedDemo(server.services, server.log, { url: `http://127.0.0.1:${server.port}` });
}
// `port` is read by tests and scripts that start us with PORT=0.
server.log.info({ url: `http://localhost:${server.port}`, port: server.port, store: server.store.dialect, adapter: process.env.REDIS_URL ? 'redis' : 'memory', demo, startMs: Math.round(performance.now() - bootedAt) }, 'TweetJam is serving');

/** A shutdown that hangs (a stuck request, a dead database) must not keep the process: acked writes are already committed. */
const SHUTDOWN_TIMEOUT_MS = env.SHUTDOWN_TIMEOUT_MS;

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
    server
      .close()
      .then(
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
