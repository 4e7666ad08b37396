import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nanoid } from 'nanoid';
import { Accounts } from '../server/auth/accounts.ts';
import { systemClock } from '../server/core/clock.ts';
import { openStore } from '../server/store/index.ts';
import { ApiClient } from '../test/support/harness.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

/** A server under test with one live jam, and session tokens for its posters. */
export interface Target {
  server: ServerProcess;
  slug: string;
  tokens: string[];
  /** Every stored message id of the jam (TweetJam only: the baseline stores nothing). */
  storedIds(): Promise<string[] | null>;
}

export type TargetName = 'tweetjam' | 'baseline';

export async function startTarget(name: TargetName, posters: number, env: Record<string, string> = {}): Promise<Target> {
  if (name === 'baseline') {
    const server = await startServerProcess('baseline', 'bench/baseline.ts', env);
    return { server, slug: 'bench', tokens: Array.from({ length: posters }, () => 'unused'), storedIds: async () => null };
  }
  // Posters' accounts are seeded straight into the store (SQLite, or DATABASE_URL's when given: no
  // scrypt, no signup limits), their sessions opened by the real Accounts service; the jam itself is created over HTTP.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-bench-seed-'));
  const store = await openStore({ dataDir, sqliteFile: 'tweetjam.sqlite', ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}) });
  const accounts = new Accounts(store, systemClock);
  const tokens: string[] = [];
  for (let i = 0; i <= posters; i++) {
    const handle = `bench${i}x${nanoid(4).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const user = { id: nanoid(), handle, handle_key: handle.toLowerCase(), display_name: `Bench ${i}`, password_hash: 'seeded', bio: '', avatar_url: null, created_at: new Date().toISOString() };
    await store.users.insert(user);
    tokens.push((await accounts.openSession(user)).token);
  }
  await store.close();
  const server = await startServerProcess('tweetjam', 'server/main.ts', { DATA_DIR: dataDir, ...env });
  const host = Object.assign(new ApiClient(server.url), { token: tokens[0]! });
  const series = await host.createSeries({ rules: '' });
  const jam = await host.createJam(series.slug, { live: true, durationMin: 480, questions: [{ text: 'How do you measure a jam?', offsetMin: 0 }] });
  return {
    server: { ...server, stop: async () => (await server.stop(), fs.rmSync(dataDir, { recursive: true, force: true })) },
    slug: jam.slug,
    tokens: tokens.slice(1),
    async storedIds() {
      const ids: string[] = [];
      for (let after = 0; ; ) {
        const page = await host.get<{ messages: { id: string; seq: number }[] }>(`/api/jams/${jam.slug}/messages?after=${after}&limit=1000`);
        if (page.status !== 200) throw new Error(`reading the jam back answered ${page.status}`);
        ids.push(...page.body.messages.map((m) => m.id));
        if (page.body.messages.length < 1000) return ids;
        after = page.body.messages.at(-1)!.seq;
      }
    },
  };
}
