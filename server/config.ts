import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The environment, validated once at start. Every problem is reported on its own line before
 * anything opens a file, a socket or a connection, so a bad setting never leaves a half-started node.
 */

const port = () => z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(0, 'must be 0–65535').max(65535, 'must be 0–65535');
const positiveInt = (fallback: number) => z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative').default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== '' ? value.trim() : undefined));
const urlWith = (protocols: string[], example: string) =>
  optionalText.refine((value) => {
    if (value === undefined) return true;
    try {
      const url = new URL(value);
      return protocols.includes(url.protocol) && url.hostname !== '';
    } catch {
      return false;
    }
  }, `must be a URL like ${example}`);

/** 32 bytes as base64 or 64 hex digits, the same reading the X bridge uses to seal tokens. */
function keyBytes(raw: string): number {
  return /^[0-9a-fA-F]{64}$/.test(raw) ? 32 : Buffer.from(raw, 'base64').length;
}

export const envSchema = z.object({
  PORT: port().default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0').refine((h) => h === 'localhost' || net.isIP(h) !== 0, 'must be an IP address (0.0.0.0, 127.0.0.1, ::) or localhost'),
  DATA_DIR: optionalText,
  DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/tweetjam'),
  REDIS_URL: urlWith(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  REDIS_KEY: optionalText,
  PUBLIC_URL: urlWith(['http:', 'https:'], 'https://jams.example.org'),
  SMTP_URL: urlWith(['smtp:', 'smtps:'], 'smtps://user:password@smtp.example.org:465'),
  MAIL_FROM: optionalText,
  ALLOWED_ORIGINS: optionalText,
  TRUST_PROXY: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL'], { error: 'must be FULL or NORMAL' }).default('FULL'),
  SQLITE_BUSY_TIMEOUT_MS: positiveInt(5000),
  PG_POOL_SIZE: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be at least 1').max(1000).default(10),
  SHUTDOWN_TIMEOUT_MS: positiveInt(15_000),
  RATE_LIMITS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  WEBHOOK_MAX_ATTEMPTS: positiveInt(6),
  WEBHOOK_BACKOFF_MS: positiveInt(10_000),
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  METRICS_PORT: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), port().optional()),
  METRICS_HOST: z.string().trim().default('127.0.0.1').refine((h) => h === 'localhost' || net.isIP(h) !== 0, 'must be an IP address or localhost'),
  METRICS_TOKEN: optionalText.refine((t) => t === undefined || t.length >= 16, 'must be at least 16 characters (a bearer token Prometheus sends)'),
  ADMIN_HANDLES: optionalText.transform((list) => (list ? [...new Set(list.split(',').map((h) => h.trim().replace(/^@/, '').toLowerCase()).filter(Boolean))] : [])),
  X_CLIENT_ID: optionalText,
  X_CLIENT_SECRET: optionalText,
  X_TOKEN_KEY: optionalText.refine((k) => k === undefined || keyBytes(k) === 32, 'must be 32 bytes, written as base64 or 64 hex digits (openssl rand -base64 32)'),
  X_CALLBACK_URL: urlWith(['http:', 'https:'], 'https://jams.example.org/api/x/callback'),
  X_BEARER_TOKEN: optionalText,
  X_POLL_MS: positiveInt(15_000),
  X_API_BASE: urlWith(['http:', 'https:'], 'https://api.x.com'),
  BRIDGE_TOKEN_KEY: optionalText.refine((k) => k === undefined || keyBytes(k) === 32, 'must be 32 bytes, written as base64 or 64 hex digits (openssl rand -base64 32)'),
  BRIDGE_POLL_MS: positiveInt(20_000),
  BLUESKY_SERVICE: urlWith(['https:'], 'https://bsky.social'),
  MASTODON_CALLBACK_URL: urlWith(['http:', 'https:'], 'https://jams.example.org/api/bridges/mastodon/callback'),
});

export type Env = z.infer<typeof envSchema>;

/** Variables whose values never appear in --check-config or logs. */
const SECRETS = new Set(['SMTP_URL', 'METRICS_TOKEN', 'X_CLIENT_SECRET', 'X_TOKEN_KEY', 'X_BEARER_TOKEN', 'BRIDGE_TOKEN_KEY']);

export type ConfigResult = { ok: true; env: Env } | { ok: false; problems: string[] };

/** Reads the environment; one human sentence per problem, naming the variable. */
export function readConfig(source: NodeJS.ProcessEnv = process.env): ConfigResult {
  const parsed = envSchema.safeParse(source);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}${showValue(issue.path[0], source)}`);
  if (parsed.success) {
    const env = parsed.data;
    if (env.X_CLIENT_ID && !env.X_TOKEN_KEY) problems.push('X_TOKEN_KEY is required when X_CLIENT_ID is set: it seals linked X tokens at rest (openssl rand -base64 32)');
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) problems.push(`METRICS_PORT must differ from PORT (both are ${env.PORT})`);
    if (env.METRICS_HOST !== '127.0.0.1' && env.METRICS_HOST !== 'localhost' && env.METRICS_HOST !== '::1' && env.METRICS_PORT !== undefined && !env.METRICS_TOKEN)
      problems.push(`METRICS_TOKEN is required when METRICS_HOST (${env.METRICS_HOST}) is not a loopback address: metrics stay off the public surface`);
    if (problems.length === 0) return { ok: true, env };
  }
  return { ok: false, problems };
}

function showValue(key: PropertyKey | undefined, source: NodeJS.ProcessEnv): string {
  if (typeof key !== 'string' || SECRETS.has(key) || source[key] === undefined) return '';
  return ` (got ${JSON.stringify(source[key])})`;
}

/** The effective configuration for `--check-config`: defaults filled in, secrets shown only as set or unset. */
export function describeConfig(env: Env, root: string): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    shown[key] = SECRETS.has(key) ? '(set, hidden)' : key === 'DATABASE_URL' || key === 'REDIS_URL' ? withoutPassword(String(value)) : value;
  }
  shown.DATA_DIR = dataDirOf(env, root);
  shown.store = env.DATABASE_URL ? 'postgres' : 'sqlite';
  shown.metrics = env.METRICS_PORT !== undefined ? `http://${env.METRICS_HOST}:${env.METRICS_PORT}/metrics` : env.METRICS_TOKEN ? '/metrics on PORT, bearer token required' : 'off';
  shown.xBridge = env.X_CLIENT_ID ? 'on' : 'off';
  // The Bluesky and Mastodon bridges seal credentials with BRIDGE_TOKEN_KEY, or X's key when only that is set.
  shown.networkBridges = env.BRIDGE_TOKEN_KEY || env.X_TOKEN_KEY ? 'on (Bluesky, Mastodon)' : 'off';
  return shown;
}

export function dataDirOf(env: Env, root: string): string {
  return path.resolve(env.DATA_DIR ?? path.join(root, 'data'));
}

function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}

/** Ports already taken by another process, each as one sentence; checked before anything starts. */
export async function portProblems(env: Env): Promise<string[]> {
  const wanted: [string, number, string][] = [['PORT', env.PORT, env.HOST]];
  if (env.METRICS_PORT) wanted.push(['METRICS_PORT', env.METRICS_PORT, env.METRICS_HOST]);
  const problems: string[] = [];
  for (const [name, number, host] of wanted) {
    if (number === 0) continue;
    const problem = await new Promise<string | null>((resolve) => {
      const probe = net.createServer();
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? `${name} ${number} is already in use on ${host} (another TweetJam or program is listening there)` : `${name} ${number} cannot be bound on ${host}: ${error.code ?? error.message}`));
      probe.listen(number, host, () => probe.close(() => resolve(null)));
    });
    if (problem) problems.push(problem);
  }
  return problems;
}
