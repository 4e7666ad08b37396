import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { nanoid } from 'nanoid';
import { Client } from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { SQLITE_FILE } from '../../server/store/index.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';
import { describeWithServices, freshPostgresSchema, POSTGRES_URL } from '../support/services.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs an operator script (scripts/<name>.ts) as `npm run <name>` would, without blocking the event loop. Each start of tsx takes seconds on a busy machine: hence the long test timeouts. */
function script(name: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', `${name}.ts`), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: RunningServer | undefined;
const sockets: JamSocket[] = [];
const tmp: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-backup-'));
  tmp.push(dir);
  return dir;
};
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await server?.close();
  server = undefined;
  tmp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

/** Posters sending over sockets, one after another each, until stopped; every ack is recorded. */
async function postUnderLoad(target: RunningServer, slug: string, posters: number) {
  const acked: { id: string; at: number }[] = [];
  const state = { running: true };
  const loops = await Promise.all(
    Array.from({ length: posters }, async (_, p) => {
      const socket = await (await new ApiClient(target.url).signUp()).connect();
      sockets.push(socket);
      // Wrapped: an async function returning the loop's promise would wait for the loop to end.
      return { done: (async () => {
        for (let n = 0; state.running; n++) {
          const ack = await socket.emitWithAck('message:send', { slug, clientId: nanoid(), text: `poster ${p} message ${n}` });
          if (ack.ok) acked.push({ id: ack.message.id, at: performance.now() });
        }
      })() };
    }),
  );
  return {
    acked,
    async stop() {
      state.running = false;
      await Promise.all(loops.map((l) => l.done));
    },
  };
}

describe('backup and restore (SQLite)', () => {
  it('a backup taken under load restores to a sound store holding every message acked before it began', async () => {
    const dataDir = tmpDir();
    server = await startTestServer({ dataDir, sqliteFile: SQLITE_FILE });
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const load = await postUnderLoad(server, jam.slug, 6);
    while (load.acked.length < 200) await new Promise((r) => setImmediate(r));

    const backupFile = path.join(tmpDir(), 'tweetjam-backup.sqlite');
    const began = performance.now();
    const ackedBefore = load.acked.map((a) => a.id);
    const backup = await script('backup', ['--out', backupFile], { DATA_DIR: dataDir });
    const ended = performance.now();
    const ackedDuring = load.acked.filter((a) => a.at > began && a.at < ended).length;
    await load.stop();
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/integrity check ok/);
    // The server kept acknowledging posts while the backup ran.
    expect(ackedDuring).toBeGreaterThan(0);

    const restoredDir = path.join(tmpDir(), 'restored');
    const restore = await script('restore', [backupFile], { DATA_DIR: restoredDir });
    expect(restore.code, restore.stderr).toBe(0);
    const db = new SQLite(path.join(restoredDir, SQLITE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set((db.prepare('SELECT m.id FROM messages m JOIN jams j ON j.id = m.jam_id WHERE j.slug = ?').all(jam.slug) as { id: string }[]).map((r) => r.id));
      const missing = ackedBefore.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      // Seqs in the copy are gap-free: a consistent snapshot, not a torn one.
      const seqs = (db.prepare('SELECT m.seq FROM messages m JOIN jams j ON j.id = m.jam_id WHERE j.slug = ? ORDER BY m.seq').all(jam.slug) as { seq: number }[]).map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    } finally {
      db.close();
    }

    // The restored directory serves: the jam and its messages are there.
    await server.close();
    server = await startTestServer({ dataDir: restoredDir, sqliteFile: SQLITE_FILE });
    const page = await new ApiClient(server.url).get<{ messages: unknown[] }>(`/api/jams/${jam.slug}/messages?after=0&limit=1`);
    expect(page.status).toBe(200);
  }, 120_000);

  it('restore refuses a data directory that holds a store unless --force, and keeps the old one', async () => {
    const dataDir = tmpDir();
    server = await startTestServer({ dataDir, sqliteFile: SQLITE_FILE });
    await new ApiClient(server.url).signUp('kept_user');
    const backupFile = path.join(tmpDir(), 'b.sqlite');
    expect((await script('backup', ['--out', backupFile], { DATA_DIR: dataDir })).code).toBe(0);
    // A second backup never overwrites the first.
    const again = await script('backup', ['--out', backupFile], { DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    await server.close();
    server = undefined;

    const refused = await script('restore', [backupFile], { DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds a TweetJam store .* --force/);

    const notABackup = path.join(tmpDir(), 'notes.txt');
    fs.writeFileSync(notABackup, 'not a database');
    const bogus = await script('restore', [notABackup, '--force'], { DATA_DIR: dataDir });
    expect(bogus.code).toBe(1);
    expect(bogus.stderr).toContain('is not a SQLite backup');

    const forced = await script('restore', [backupFile, '--force'], { DATA_DIR: dataDir });
    expect(forced.code, forced.stderr).toBe(0);
    const kept = fs.readdirSync(dataDir).filter((f) => f.startsWith(`${SQLITE_FILE}.before-restore-`) && !f.endsWith('-wal') && !f.endsWith('-shm'));
    expect(kept).toHaveLength(1);
    server = await startTestServer({ dataDir, sqliteFile: SQLITE_FILE });
    expect((await new ApiClient(server.url).post('/api/auth/signin', { handle: 'kept_user', password: 'correct horse battery' })).status).toBe(200);
  }, 120_000);
});

describeWithServices(['postgres'], 'backup (PostgreSQL, pg_dump)', () => {
  it('npm run backup dumps the schema; pg_restore into a fresh database brings every message back', async () => {
    const pg = await freshPostgresSchema();
    const restoredDb = `tj_restore_${nanoid(8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      server = await startTestServer({ databaseUrl: pg.url });
      const host = await new ApiClient(server.url).signUp();
      const jam = await host.createJam((await host.createSeries()).slug, { live: true });
      for (let i = 0; i < 20; i++) expect((await host.postMessage(jam.slug, `message ${i}`)).status).toBe(201);
      const dump = path.join(tmpDir(), 'tweetjam.dump');
      const backup = await script('backup', ['--out', dump], { DATABASE_URL: pg.url });
      expect(backup.code, backup.stderr).toBe(0);

      await admin.query(`CREATE DATABASE ${restoredDb}`);
      const target = new URL(POSTGRES_URL);
      target.pathname = `/${restoredDb}`;
      const restore = await new Promise<number | null>((resolve) => spawn('pg_restore', ['--no-owner', `--dbname=${target}`, dump], { stdio: 'inherit' }).once('exit', resolve));
      expect(restore).toBe(0);
      const restored = new Client({ connectionString: target.toString() });
      await restored.connect();
      const { rows } = await restored.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${pg.schema}.messages m JOIN ${pg.schema}.jams j ON j.id = m.jam_id WHERE j.slug = $1`, [jam.slug]);
      await restored.end();
      expect(Number(rows[0]!.n)).toBe(20);
    } finally {
      await server?.close();
      server = undefined;
      await pg.drop();
      await admin.query(`DROP DATABASE IF EXISTS ${restoredDb}`);
      await admin.end();
    }
  }, 120_000);
});
