import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { root, Worker } from './processes.ts';
import { httpSearchTimes, postgresBareSearch, postgresCorpus, queries, sqliteBareSearch, sqliteCorpus } from './search.ts';
import { figure, percentile, table, type Figure } from './stats.ts';
import { startTarget, type Target, type TargetName } from './targets.ts';

/**
 * `npm run bench [-- --quick]`: TweetJam against a bare Socket.IO broadcast server, side by side
 * in one run, over loopback, with socket.io-client in worker processes. Writes bench/results.json
 * and prints the table. Bounded: a watchdog ends the run if it overstays.
 */

const quick = process.argv.includes('--quick');
/** `--only=search` (or fanout, throughput) runs one part, for working on it; results are not written. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const config = quick
  ? { audiences: [200, 1000], postRate: 4, latencyMs: 5000, posters: 40, throughputLurkers: 400, throughputMs: 5000, corpus: 100_000, searches: 100, budgetMs: 115_000 }
  : { audiences: [1000, 5000], postRate: 2, latencyMs: 12_000, posters: 200, throughputLurkers: 2000, throughputMs: 15_000, corpus: 1_000_000, searches: 400, budgetMs: 10 * 60_000 };
const WORKERS = 2;
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const t0 = performance.now();
const loadAtStart = os.loadavg().map((n) => Number(n.toFixed(2)));
const progress = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const live = new Set<{ stop(): Promise<void> } | Worker>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const thing of live) void (thing instanceof Worker ? thing.close() : thing.stop());
    setTimeout(() => process.exit(130), 2000);
  });
}
const watchdog = setTimeout(() => {
  console.error(`bench: over its ${config.budgetMs / 1000} s budget; stopping`);
  for (const thing of live) void (thing instanceof Worker ? thing.close() : thing.stop());
  setTimeout(() => process.exit(2), 3000);
}, config.budgetMs);
watchdog.unref();

const NAMES = ['baseline', 'tweetjam'] as const;
type Pair<T> = Record<TargetName, T>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Both servers run at once and are driven at the same moments, so whatever else the machine is
 * doing weighs on both alike: the ratio is the finding, the absolute numbers move with the machine.
 */
async function withBoth<T>(posters: number, body: (targets: Pair<Target>) => Promise<T>): Promise<T> {
  const started = await Promise.all(NAMES.map((name) => startTarget(name, posters)));
  started.forEach((t) => live.add(t.server));
  try {
    return await body({ baseline: started[0]!, tweetjam: started[1]! });
  } finally {
    for (const target of started) {
      await target.server.stop();
      live.delete(target.server);
    }
  }
}

async function both<T>(run: (name: TargetName) => Promise<T>): Promise<Pair<T>> {
  const [baseline, tweetjam] = await Promise.all(NAMES.map(run));
  return { baseline: baseline!, tweetjam: tweetjam! };
}

/** Opens `lurkers` viewers (split over the workers) and `posters` signed-in posters on worker 0. */
async function openClients(target: Target, lurkers: number, posters: number): Promise<Worker[]> {
  const workers = Array.from({ length: WORKERS }, () => new Worker());
  workers.forEach((w) => live.add(w));
  const opened = await Promise.all(
    workers.map((worker, i) => {
      const share = Math.floor(lurkers / WORKERS) + (i < lurkers % WORKERS ? 1 : 0);
      const tokens = target.tokens.slice(0, posters).filter((_, p) => p % WORKERS === i);
      return worker.ask<'opened'>({ type: 'open', url: target.server.url, slug: target.slug, lurkers: share, tokens });
    }),
  );
  const failed = opened.reduce((n, o) => n + o.failed, 0);
  if (failed > 0) throw new Error(`${failed} of ${lurkers + posters} clients could not connect to ${target.server.name}`);
  return workers;
}

async function closeClients(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.close()));
  workers.forEach((w) => live.delete(w));
}

/** Waits until every viewer has every acked message, or gives up and reports what is missing. */
async function settleDeliveries(workers: Worker[], acked: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reports = await Promise.all(workers.map((w) => w.ask<'deliveries'>({ type: 'deliveries', ackedIds: acked })));
    const total = reports.reduce((sum, r) => ({ viewers: sum.viewers + r.viewers, missing: sum.missing + r.missing, duplicates: sum.duplicates + r.duplicates, unexpected: sum.unexpected + r.unexpected }), { viewers: 0, missing: 0, duplicates: 0, unexpected: 0 });
    if (total.missing === 0 || Date.now() > deadline) return total;
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface LatencyRun {
  p50: number;
  p99: number;
  samples: number;
  rssPerConnection: number;
}

/** (a), (c): fan-out latency at a fixed post rate to `audience` lurkers; RSS added per idle connection. */
async function fanOut(audience: number): Promise<Pair<LatencyRun>> {
  return withBoth(1, async (targets) => {
    await sleep(500);
    const rssBefore = { baseline: targets.baseline.server.rssBytes(), tweetjam: targets.tweetjam.server.rssBytes() };
    const clients = { baseline: await openClients(targets.baseline, audience, 1), tweetjam: await openClients(targets.tweetjam, audience, 1) };
    try {
      await sleep(1500);
      const rssPerConnection = { baseline: (targets.baseline.server.rssBytes() - rssBefore.baseline) / audience, tweetjam: (targets.tweetjam.server.rssBytes() - rssBefore.tweetjam) / audience };
      await Promise.all([...clients.baseline, ...clients.tweetjam].map((w) => w.ask({ type: 'reset' })));
      // Interleaved: TweetJam posts half a beat after the baseline, so the two bursts of deliveries
      // do not queue behind each other in the shared client workers.
      const posted = await both(async (name) => {
        if (name === 'tweetjam') await sleep(500 / config.postRate);
        return clients[name][0]!.ask<'posted'>({ type: 'post', mode: 'rate', perSecond: config.postRate, durationMs: config.latencyMs });
      });
      return await both(async (name) => {
        if (posted[name].refused > 0) throw new Error(`${name}: ${posted[name].refused} posts refused (${posted[name].errors.join(', ')})`);
        const delivery = await settleDeliveries(clients[name], posted[name].acked);
        if (delivery.missing > 0) progress(`  ! ${name}: ${delivery.missing} deliveries missing after the latency run`);
        const ms = (await Promise.all(clients[name].map((w) => w.ask<'latencies'>({ type: 'latencies' })))).flatMap((r) => r.ms);
        const run = { p50: percentile(ms, 50), p99: percentile(ms, 99), samples: ms.length, rssPerConnection: rssPerConnection[name] };
        progress(`  ${name.padEnd(8)} ${audience} lurkers: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms over ${ms.length} deliveries; ${(run.rssPerConnection / 1024).toFixed(1)} KiB RSS per connection`);
        return run;
      });
    } finally {
      await closeClients([...clients.baseline, ...clients.tweetjam]);
    }
  });
}

interface ThroughputRun {
  perSecond: number;
  acked: number;
  refused: number;
  lost: number;
  duplicates: number;
  storedOnce: boolean | null;
}

/** (b): posters back to back for a fixed time; every acked post must be stored once and reach every viewer once. */
async function throughput(): Promise<Pair<ThroughputRun>> {
  return withBoth(config.posters, async (targets) => {
    const clients = { baseline: await openClients(targets.baseline, config.throughputLurkers, config.posters), tweetjam: await openClients(targets.tweetjam, config.throughputLurkers, config.posters) };
    try {
      await Promise.all([...clients.baseline, ...clients.tweetjam].map((w) => w.ask({ type: 'reset' })));
      const posted = await both(async (name) => ({ replies: await Promise.all(clients[name].map((w) => w.ask<'posted'>({ type: 'post', mode: 'closed', durationMs: config.throughputMs }))) }));
      return await both(async (name) => {
        const { replies } = posted[name];
        // Posts sent within the window and acked (posters then wait for their last acks).
        const elapsed = config.throughputMs / 1000;
        const acked = replies.flatMap((p) => p.acked);
        const refused = replies.reduce((n, p) => n + p.refused, 0);
        const delivery = await settleDeliveries(clients[name], acked);
        let storedOnce: boolean | null = null;
        let lostInStore = 0;
        const stored = await targets[name].storedIds();
        if (stored) {
          const counted = new Map<string, number>();
          stored.forEach((id) => counted.set(id, (counted.get(id) ?? 0) + 1));
          lostInStore = acked.filter((id) => counted.get(id) !== 1).length;
          storedOnce = lostInStore === 0 && [...counted.values()].every((n) => n === 1);
        }
        const run = { perSecond: acked.length / elapsed, acked: acked.length, refused, lost: delivery.missing + lostInStore, duplicates: delivery.duplicates, storedOnce };
        const errors = [...new Set(replies.flatMap((p) => p.errors))];
        progress(
          `  ${name.padEnd(8)} ${config.posters} posters, ${config.throughputLurkers} lurkers: ${run.perSecond.toFixed(0)} posts/s (${acked.length} acked, ${refused} refused${errors.length ? `: ${errors.join(', ')}` : ''}); ${delivery.missing} deliveries missing, ${delivery.duplicates} duplicated of ${acked.length * delivery.viewers}; store ${storedOnce === null ? 'n/a' : storedOnce ? 'has each acked post once' : `LOST ${lostInStore}`}`,
        );
        return run;
      });
    } finally {
      await closeClients([...clients.baseline, ...clients.tweetjam]);
    }
  });
}

async function postgresReachable(): Promise<boolean> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** (d): archive search p95 through GET /api/search, against the bare engine query on the same corpus. */
async function search(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const qs = queries(config.searches);
  const size = config.corpus.toLocaleString('en');
  const dataDir = await sqliteCorpus(config.corpus, progress);
  const { startServerProcess } = await import('./processes.ts');
  const measure = async (env: Record<string, string>) => {
    const server = await startServerProcess('tweetjam', 'server/main.ts', env);
    live.add(server);
    try {
      await httpSearchTimes(server.url, qs.slice(0, 20)); // warm the page cache and the query planner
      return await httpSearchTimes(server.url, qs);
    } finally {
      await server.stop();
      live.delete(server);
    }
  };
  const sqliteTimes = await measure({ DATA_DIR: dataDir });
  sqliteBareSearch(dataDir, qs.slice(0, 20));
  const sqliteBare = sqliteBareSearch(dataDir, qs);
  figures.push(figure(`search p95, ${size} messages, SQLite`, percentile(sqliteTimes, 95), 'ms', percentile(sqliteBare, 95), { maxValue: 25 }));
  progress(`  SQLite search p95 ${percentile(sqliteTimes, 95).toFixed(1)} ms (bare FTS5 ${percentile(sqliteBare, 95).toFixed(1)} ms)`);
  if (await postgresReachable()) {
    const url = await postgresCorpus(POSTGRES_URL, config.corpus, progress);
    const pgTimes = await measure({ DATABASE_URL: url });
    await postgresBareSearch(url, qs.slice(0, 20));
    const pgBare = await postgresBareSearch(url, qs);
    figures.push(figure(`search p95, ${size} messages, PostgreSQL`, percentile(pgTimes, 95), 'ms', percentile(pgBare, 95), { maxValue: 25 }));
    progress(`  PostgreSQL search p95 ${percentile(pgTimes, 95).toFixed(1)} ms (bare tsquery ${percentile(pgBare, 95).toFixed(1)} ms)`);
  } else {
    progress(`  PostgreSQL not reachable at ${POSTGRES_URL}: its search figure is left out`);
  }
  return figures;
}

function machine() {
  const cpus = os.cpus();
  // The load average says how much else the machine was doing: shared machines make noisy absolutes.
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version, mode: quick ? 'quick' : 'full', loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg().map((n) => Number(n.toFixed(2))) };
}

async function main() {
  progress(`TweetJam bench (${quick ? 'quick' : 'full'}) on ${os.cpus().length} cores; budget ${config.budgetMs / 1000} s`);
  const figures: Figure[] = [];
  const [small, large] = config.audiences as [number, number];
  if (only) {
    if (only === 'search') figures.push(...(await search()));
    if (only === 'throughput') await throughput();
    if (only === 'fanout') await fanOut(large);
    console.log(table(figures));
    return figures;
  }

  progress(`(a, c, e) fan-out latency: one post every ${1000 / config.postRate} ms to every lurker, both servers at once`);
  const runs: Pair<LatencyRun[]> = { baseline: [], tweetjam: [] };
  for (const audience of [small, large]) {
    const run = await fanOut(audience);
    NAMES.forEach((name) => runs[name].push(run[name]));
  }
  for (const [i, audience] of [small, large].entries()) {
    figures.push(figure(`fan-out p50, ${audience} lurkers`, runs.tweetjam[i]!.p50, 'ms', runs.baseline[i]!.p50, { maxRatio: 1.5 }));
    figures.push(figure(`fan-out p99, ${audience} lurkers`, runs.tweetjam[i]!.p99, 'ms', runs.baseline[i]!.p99, { maxRatio: 1.5 }));
  }

  progress(`(b) throughput: ${config.posters} posters back to back, ${config.throughputLurkers} lurkers, ${config.throughputMs / 1000} s, both servers at once`);
  const { baseline: base, tweetjam: ours } = await throughput();
  figures.push(figure(`accepted posts/s, ${config.posters} posters + ${config.throughputLurkers} lurkers`, ours.perSecond, 'posts/s', base.perSecond, { minRatio: 0.8 }));
  figures.push(figure('acked posts lost or duplicated (store + every viewer)', ours.lost + ours.duplicates + (ours.storedOnce === false ? 1 : 0), 'messages', base.lost + base.duplicates, { equals: 0 }));

  figures.push(figure(`RSS per idle connection (${large} lurkers)`, runs.tweetjam[1]!.rssPerConnection / 1024, 'KiB', runs.baseline[1]!.rssPerConnection / 1024, { maxRatio: 2 }));
  const growth = (r: LatencyRun[]) => r[1]!.p99 / r[0]!.p99;
  figures.push(figure(`p99 growth ${small} → ${large} lurkers`, growth(runs.tweetjam), '×', growth(runs.baseline), { maxRatio: 1.5 }));

  progress('(d) archive search');
  figures.push(...(await search()));

  const results = { runAt: new Date().toISOString(), machine: machine(), figures };
  fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${table(figures)}\n`);
  console.log(`Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, ${results.machine.os}, Node ${results.machine.node}; load average ${loadAtStart[0]} at start, ${results.machine.loadAverageAtEnd[0]} at end`);
  console.log(`Wrote bench/results.json in ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
  return figures;
}

main().then(
  // Unmet goals are findings, shown in the table and in "ok"; only a broken run exits non-zero.
  () => process.exit(0),
  async (error: unknown) => {
    console.error('bench failed:', error);
    await Promise.allSettled([...live].map((thing) => (thing instanceof Worker ? thing.close() : thing.stop())));
    process.exit(2);
  },
);
