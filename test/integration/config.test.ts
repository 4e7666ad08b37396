import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEY = Buffer.alloc(32, 7).toString('base64');

/** Runs server/main.ts with exactly this environment (plus PATH), waiting for it to exit. */
function start(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
    encoding: 'utf8',
    timeout: 80_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dirs: string[] = [];
const freshDir = () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-config-')), 'data');
  dirs.push(path.dirname(dir));
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// Each case starts a Node process with tsx: seconds apiece on a busy machine.
describe('configuration at start', { timeout: 90_000 }, () => {
  it('every bad variable is named on its own line, and nothing is created or bound', () => {
    const dataDir = freshDir();
    const run = start({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: 'mysql://db/tweetjam', X_CLIENT_ID: 'abc', X_TOKEN_KEY: 'c2hvcnQ=', LOG_LEVEL: 'loud', METRICS_TOKEN: 'short' });
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('TweetJam did not start: 4 problems with the configuration.');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^ {2}- DATABASE_URL must be a URL like postgres:\/\/.* \(got "mysql:\/\/db\/tweetjam"\)$/),
      expect.stringMatching(/^ {2}- LOG_LEVEL must be one of .* \(got "loud"\)$/),
      expect.stringMatching(/^ {2}- METRICS_TOKEN must be at least 16 characters/),
      expect.stringMatching(/^ {2}- X_TOKEN_KEY must be 32 bytes/),
    ]);
    // Secrets are never echoed back, even when wrong.
    expect(run.stderr).not.toContain('c2hvcnQ=');
    expect(run.stderr).not.toContain('"short"');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('a port in use stops the start with one sentence, before the data directory is touched', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dataDir = freshDir();
      const run = start({ PORT: String(port), DATA_DIR: dataDir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`PORT ${port} is already in use on 127.0.0.1`);
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      blocker.close();
    }
  });

  it('--check-config prints the effective configuration without secrets and exits', () => {
    const dataDir = freshDir();
    const run = start({ PORT: '0', DATA_DIR: dataDir, DATABASE_URL: 'postgres://tj:hunter2secret@db.internal:5432/tweetjam', METRICS_TOKEN: 'metrics-secret-0123456789', X_CLIENT_ID: 'client', X_TOKEN_KEY: KEY, ADMIN_HANDLES: '@Ops_Alice, bob' }, ['--check-config']);
    expect(run.code).toBe(0);
    const shown = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ PORT: 0, LOG_LEVEL: 'info', SQLITE_SYNCHRONOUS: 'FULL', store: 'postgres', DATABASE_URL: 'postgres://tj:***@db.internal:5432/tweetjam', METRICS_TOKEN: '(set, hidden)', X_TOKEN_KEY: '(set, hidden)', ADMIN_HANDLES: ['ops_alice', 'bob'], xBridge: 'on' });
    for (const secret of ['hunter2secret', 'metrics-secret-0123456789', KEY]) expect(run.stdout).not.toContain(secret);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe('readConfig', () => {
  it('fills in defaults for an empty environment', () => {
    const result = readConfig({});
    expect(result.ok && result.env).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', METRICS_HOST: '127.0.0.1', RATE_LIMITS: 'on', ADMIN_HANDLES: [] });
  });

  it('refuses metrics on a public address without a token, and X without its key', () => {
    const result = readConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', X_CLIENT_ID: 'abc' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.stringMatching(/^X_TOKEN_KEY is required/), expect.stringMatching(/^METRICS_TOKEN is required when METRICS_HOST \(0\.0\.0\.0\)/)]);
  });
});
