import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.ts';
import type { RunningServer } from '../../server/server.ts';
import { SQLITE_FILE } from '../../server/store/index.ts';
import { generateArchive } from '../support/bigArchive.ts';
import { FakeClock } from '../support/fakeClock.ts';
import { ApiClient, startTestServer } from '../support/harness.ts';
import { describeWithServices, freshPostgresSchema } from '../support/services.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARCHIVE_SIZE = 100_000;
const FORMATS = ['json', 'md', 'html', 'csv'] as const;

/** Every jam's transcript in every format, hashed, with the export time taken out. */
async function transcripts(server: RunningServer, slugs: string[]): Promise<Record<string, string>> {
  const client = new ApiClient(server.url);
  const hashes: Record<string, string> = {};
  for (const slug of slugs) {
    for (const format of FORMATS) {
      const response = await fetch(`${client.baseUrl}/api/jams/${slug}/transcript.${format}`);
      expect(response.status, `${slug}.${format}`).toBe(200);
      // The two servers listen on different ports: permalinks carry the origin.
      const body = (await response.text()).replaceAll(server.url, '<origin>').replace(/"exportedAt":"[^"]+"|Exported [^<\n]+ from TweetJam|exported(?:_at)?[:,][^\n]*/gi, '<export time>');
      hashes[`${slug}.${format}`] = createHash('sha256').update(body).digest('hex');
    }
  }
  return hashes;
}

type Run = { code: number | null; stdout: string; stderr: string };
/** npm run move-store; `killWhen` sends SIGKILL as soon as stderr matches (an interrupted move). */
function moveStore(dataDir: string, to: string, killWhen?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'moveStore.ts'), '--to', to, '--batch', '2000'], { cwd: root, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir } });
    const run: Run = { code: null, stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (c: string) => (run.stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      run.stderr += c;
      if (killWhen?.test(run.stderr)) child.kill('SIGKILL');
    });
    child.once('exit', (code) => resolve({ ...run, code }));
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describeWithServices(['postgres'], 'moving the store from SQLite to PostgreSQL', () => {
  it('copies every table of the demo plus a 100,000-message archive, survives an interruption, and every transcript export is byte-identical after', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-move-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const clock = new FakeClock('2026-11-29T17:10:00.000Z');
    let server = await startTestServer({ dataDir, sqliteFile: SQLITE_FILE, clock });
    const simulator = await seedDemo(server.services, server.log);
    simulator.stop();
    await server.close();
    generateArchive(path.join(dataDir, SQLITE_FILE), ARCHIVE_SIZE);

    server = await startTestServer({ dataDir, sqliteFile: SQLITE_FILE, clock });
    const slugs = (await server.store.db.selectFrom('jams').select('slug').orderBy('slug').execute()).map((j) => j.slug);
    expect(slugs).toContain('cxjam-the-big-archive');
    const before = await transcripts(server, slugs);
    await server.close();
    const sqliteTables = (new SQLite(path.join(dataDir, SQLITE_FILE), { readonly: true }).prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT LIKE 'kysely_%'`).all() as { name: string }[]).map((t) => t.name);

    const pg = await freshPostgresSchema();
    cleanups.push(() => pg.drop());
    // Interrupted while copying messages, after at least one batch was committed.
    const interrupted = await moveStore(dataDir, pg.url, /messages: [1-9][\d,]* \/ [\d,]+ \([1-8]\d%\)/);
    expect(interrupted.code).not.toBe(0);
    expect(interrupted.stdout).not.toContain('every table verified');

    const resumed = await moveStore(dataDir, pg.url);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming an interrupted move');
    expect(resumed.stdout).toMatch(/moved [\d,]+ rows .*\(resumed\); every table verified/);
    const verified = resumed.stdout.split('\n').filter((line) => / ok$/.test(line)).map((line) => line.split(/\s+/)[0]);
    // Every data table, discovered from the schema: whatever other migrations added is moved too.
    expect(verified.sort()).toEqual(sqliteTables.sort());
    expect(resumed.stdout).toMatch(new RegExp(`^messages\\s+${ARCHIVE_SIZE + 50}\\d*\\s`, 'm'));

    server = await startTestServer({ databaseUrl: pg.url, clock });
    cleanups.push(() => server.close());
    const after = await transcripts(server, slugs);
    expect(after).toEqual(before);

    // Seqs carry on where they were: the next post in the live demo jam follows the last one moved.
    const live = slugs.find((s) => s !== 'cxjam-voice-of-the-customer' && s !== 'cxjam-the-big-archive')!;
    const lastSeq = (await server.store.db.selectFrom('jams').select('last_seq').where('slug', '=', live).executeTakeFirstOrThrow()).last_seq;
    const host = new ApiClient(server.url);
    const signIn = await host.post<{ token: string }>('/api/auth/signin', { handle: 'cx_host', password: 'tweetjam-demo' });
    expect(signIn.status).toBe(200);
    host.token = signIn.body.token;
    const posted = await host.postMessage(live, 'After the move');
    expect(posted.status).toBe(201);
    expect(posted.body.message.seq).toBe(lastSeq + 1);
  }, 600_000);
});
