import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { root } from './processes.ts';
import { cachedCorpus } from './search.ts';

/**
 * A big archive: one ended jam of N messages (ten questions, every fifth message a reply), built
 * once per size in bench/.cache like the search corpus. Exports are timed over HTTP while a probe
 * asks /healthz every 10 ms: its slowest answer is how long the export kept everyone else waiting.
 */

export const EXPORT_SLUG = 'bench-archive';
export const EXPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;

export async function exportCorpus(size: number, progress: (line: string) => void): Promise<string> {
  const { dataDir, file, ready } = await cachedCorpus(`archive-${size}`, size);
  if (ready) return dataDir;
  const started = performance.now();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  const start = Date.parse('2025-03-01T17:00:00.000Z');
  const at = (ms: number) => new Date(start + ms).toISOString();
  db.transaction(() => {
    db.prepare("INSERT INTO users (id, handle, handle_key, display_name, password_hash, bio, created_at) VALUES ('host', 'archhost', 'archhost', 'Archive Host', 'x', '', ?)").run(at(0));
    db.prepare("INSERT INTO series (id, slug, name, hashtag, hashtag_key, description, rules, time_zone, default_duration_min, owner_id, created_at) VALUES ('s', 'bench-archive', 'Bench Archive', '#benchArchive', 'bencharchive', '', '', 'UTC', 60, 'host', ?)").run(at(0));
    db.prepare("INSERT INTO jams (id, slug, series_id, title, description, starts_at, duration_min, last_seq, announced_status, created_by, created_at) VALUES ('j', ?, 's', 'A very long jam', '', ?, 60, ?, 'ended', 'host', ?)").run(EXPORT_SLUG, at(0), size, at(0));
    for (let n = 1; n <= 10; n++) {
      db.prepare("INSERT INTO questions (jam_id, n, text, offset_min) VALUES ('j', ?, ?, ?)").run(n, `Question ${n}: what would you change about "step ${n}"?`, (n - 1) * 6);
      db.prepare("INSERT INTO question_releases (jam_id, n, released_at) VALUES ('j', ?, ?)").run(n, at((n - 1) * 360_000));
    }
    const insert = db.prepare(
      "INSERT INTO messages (id, jam_id, seq, client_id, author_id, author_handle, author_name, author_role, text, question, reply_to, source, hidden, featured, boost_count, created_at) VALUES (?, 'j', ?, ?, NULL, ?, ?, 'participant', ?, ?, ?, 'native', 0, ?, ?, ?)",
    );
    for (let seq = 1; seq <= size; seq++) {
      const question = 1 + Math.floor(((seq - 1) / size) * 10);
      const replyTo = seq % 5 === 0 && seq > 5 ? `m${seq - 3}` : null;
      const text = `A${question}: answer ${seq} with a link https://example.com/p/${seq}?a=1&b=2, some <b>markup</b>, "quotes", and =SUM(A1) for spreadsheets #benchArchive`;
      insert.run(`m${seq}`, seq, `c${seq}`, `person${seq % 500}`, `Person ${seq % 500}`, text, question, replyTo, seq % 50 === 0 ? 1 : 0, seq % 7, at((seq / size) * 3_600_000));
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  progress(`  archive corpus: one jam of ${size.toLocaleString('en')} messages in ${((performance.now() - started) / 1000).toFixed(0)} s (cached in bench/.cache)`);
  return dataDir;
}

export interface ExportTiming {
  firstByteMs: number;
  completeMs: number;
  bytes: number;
  /** The slowest /healthz answer while the export ran: how long it held up everyone else. */
  stallMs: number;
  /** The server's own longest event-loop block during the export (prom-client's event-loop delay max, reset by each scrape). */
  blockMs: number;
}

/** The bearer token the exports' server is started with, so the bench can read its /metrics. */
export const METRICS_TOKEN = 'bench-exports-metrics-token';

/** Scrapes /metrics: the longest event-loop delay since the previous scrape (which this one resets). */
async function eventLoopMaxMs(url: string): Promise<number> {
  const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
  const max = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1];
  if (max === undefined) throw new Error('no nodejs_eventloop_lag_max_seconds in /metrics');
  return Number(max) * 1000;
}

/** One export over HTTP, with a probe measuring how long other requests waited meanwhile. */
export async function timeExport(url: string, format: string): Promise<ExportTiming> {
  await eventLoopMaxMs(url);
  const state = { running: true };
  let stallMs = 0;
  const probe = (async () => {
    while (state.running) {
      const t = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      stallMs = Math.max(stallMs, performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const t0 = performance.now();
  const response = await fetch(`${url}/api/jams/${EXPORT_SLUG}/transcript.${format}`);
  if (response.status !== 200) throw new Error(`transcript.${format} answered ${response.status}`);
  const reader = response.body!.getReader();
  let firstByteMs = Number.NaN;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - t0;
    bytes += value.byteLength;
  }
  const completeMs = performance.now() - t0;
  state.running = false;
  await probe;
  return { firstByteMs, completeMs, bytes, stallMs, blockMs: await eventLoopMaxMs(url) };
}

/** The client build the server serves (client/dist, what `npm run build` makes), built when missing. */
export async function ensureClientBuild(progress: (line: string) => void): Promise<void> {
  const dist = path.join(root, 'client', 'dist');
  if (fs.existsSync(path.join(dist, 'index.html'))) return;
  progress('  building the client (client/dist) for the archive page');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), root: path.join(root, 'client'), logLevel: 'silent' });
}

/**
 * The archive page of the big jam in Chromium: first contentful paint, and the moment the
 * transcript itself shows (its "N messages" line), from navigation start.
 */
export async function archivePaint(url: string): Promise<{ firstPaintMs: number; transcriptMs: number } | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) return null;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Stamped by the page itself when the line appears: polling for it from here would add up to
    // half a second of Playwright's retry back-off to the figure.
    await page.addInitScript(() => {
      const seen = () => /Archive · [\d,]+ messages/.test(document.body?.textContent ?? '');
      new MutationObserver((_, observer) => {
        if (!seen()) return;
        (window as unknown as { transcriptShownAt: number }).transcriptShownAt = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(`${url}/jams/${EXPORT_SLUG}`, { waitUntil: 'commit' });
    await page.getByText(/Archive · [\d,]+ messages/).waitFor({ timeout: 60_000 });
    const transcriptMs = await page.evaluate(() => (window as unknown as { transcriptShownAt?: number }).transcriptShownAt ?? performance.now());
    const firstPaintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
    return { firstPaintMs, transcriptMs };
  } finally {
    await browser.close();
  }
}
