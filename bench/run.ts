import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { root, startServerProcess, Worker } from './processes.ts';
import { httpSearchTimes, postgresBareSearch, postgresCorpus, queries, sqliteBareSearch, sqliteCorpus } from './search.ts';
import { freshBenchSchema, rawPostgresIngest, rawSqliteIngest } from './ingest.ts';
import { archivePaint, ensureClientBuild, EXPORT_FORMATS, exportCorpus, METRICS_TOKEN, timeExport, type ExportTiming } from './exports.ts';
import { CLIENT_CPU, pin, pinningAvailable, SERVER_CPU } from './pinning.ts';
import { writeReadmeTable } from './readme.ts';
import { figure, median, percentile, table, type Figure } from './stats.ts';
import { startTarget, type Target, type TargetName } from './targets.ts';

/**
 * `npm run bench [-- --quick] [-- --readme]`: TweetJam against a bare Socket.IO broadcast server
 * over loopback, with socket.io-client in worker processes. Trials alternate (TweetJam, baseline,
 * TweetJam, …) so neither disturbs the other, servers pinned to one core and the load generators
 * to the other where `taskset` allows. Writes bench/results.json and prints the table. Bounded: a
 * watchdog ends the run if it overstays.
 */

/** `--quick`: a smoke of every figure at small sizes, under two minutes on a quiet machine (a first run also builds its corpora). */
const quick = process.argv.includes('--quick');
/** `--readme`: also rewrite the README's results table from this run. */
const writeReadme = process.argv.includes('--readme');
/** `--only=search` (or fanout, throughput, ingest, exports, reconnect, slow) runs one part, for working on it; results are not written. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const config = quick
  ? { audiences: [200, 1000], postRate: 5, latencyMs: 1000, posters: 20, throughputLurkers: 200, throughputMs: 1000, corpus: 100_000, searches: 20, archive: 5_000, paints: 1, ingestRows: 2_000, stormLurkers: 200, dropMs: 3000, stormRate: 10, budgetMs: 300_000 }
  : { audiences: [1000, 5000, 10_000], postRate: 2, latencyMs: 10_000, posters: 200, throughputLurkers: 2000, throughputMs: 10_000, corpus: 1_000_000, searches: 300, archive: 20_000, paints: 3, ingestRows: 20_000, stormLurkers: 1000, dropMs: 30_000, stormRate: 10, budgetMs: 25 * 60_000 };
/** Trials per figure, TweetJam and the baseline alternating: the median is the finding, the spread how far to trust it. */
const TRIALS = 3;
/** Audiences from which each fan-out figure starts with an uncounted round (smaller ones settle at once). */
const WARM_UP_FROM = 2000;
/** Fewest load-generator processes per server, and the most lurkers one holds (10,000 lurkers: four processes). */
const WORKERS = 2;
const LURKERS_PER_WORKER = 2500;
/**
 * The issue's goals (issue 15, "Tail latency" and "Ten thousand lurkers on one node"): fan-out p99
 * ≤ 1.2× the bare broadcast and p50 ≤ 1.1× at every audience, RSS per idle lurker ≤ 1.2×, and
 * p99 growing from the smallest audience to the largest no faster than the baseline's (≤ 1.0×).
 */
const GOALS = { p50: { maxRatio: 1.1 }, p99: { maxRatio: 1.2 }, rssPerLurker: { maxRatio: 1.2 }, p99Growth: { maxRatio: 1 } } as const;
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const t0 = performance.now();
const loadAtStart = os.loadavg().map((n) => Number(n.toFixed(2)));
const progress = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const live = new Set<{ stop(): Promise<void>; kill(): void } | Worker>();
// Whatever still runs when the bench exits (a stop that outlasted its grace) is killed, never left behind.
process.on('exit', () => live.forEach((thing) => thing.kill()));
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

const NAMES = ['tweetjam', 'baseline'] as const;
type Pair<T> = Record<TargetName, T>;

/** Both servers started once (pinned, idle while the other is driven); stopped afterwards. */
async function withBoth<T>(posters: number, body: (targets: Pair<Target>) => Promise<T>): Promise<T> {
  const started = await Promise.all(NAMES.map((name) => startTarget(name, posters)));
  started.forEach((t) => live.add(t.server));
  try {
    return await body({ tweetjam: started[0]!, baseline: started[1]! });
  } finally {
    for (const target of started) {
      await target.server.stop();
      live.delete(target.server);
    }
  }
}

/** TRIALS rounds of `trial`, TweetJam then the baseline in each: paired, alternating. */
async function alternating<T>(what: string, trial: (name: TargetName, round: number) => Promise<T>): Promise<Pair<T[]>> {
  const runs: Pair<T[]> = { tweetjam: [], baseline: [] };
  for (let round = 0; round < TRIALS; round++) {
    for (const name of NAMES) runs[name].push(await trial(name, round));
  }
  progress(`  ${what}: ${TRIALS} trials each, alternating`);
  return runs;
}

/** One server's load generators: worker processes and the lurkers each holds. */
interface Clients {
  workers: Worker[];
  lurkers: number[];
}

/**
 * Brings `clients` up to `lurkers` viewers in all, adding worker processes so none holds more than
 * LURKERS_PER_WORKER and filling the emptiest first; `posters` signed-in posters open with the
 * first lurkers (spread over the first workers), watching the jam unless `postersWatch` is false.
 */
async function grow(target: Target, clients: Clients, lurkers: number, posters = 0, postersWatch = true): Promise<void> {
  const need = Math.max(WORKERS, Math.ceil(lurkers / LURKERS_PER_WORKER));
  while (clients.workers.length < need) {
    const worker = new Worker();
    live.add(worker);
    clients.workers.push(worker);
    clients.lurkers.push(0);
  }
  const adding = clients.lurkers.map(() => 0);
  for (let open = clients.lurkers.reduce((a, b) => a + b, 0); open < lurkers; open++) {
    const emptiest = clients.lurkers.reduce((best, n, i) => (n + adding[i]! < clients.lurkers[best]! + adding[best]! ? i : best), 0);
    adding[emptiest]!++;
  }
  const tokens = target.tokens.slice(0, posters);
  const opened = await Promise.all(
    clients.workers.map((worker, i) => {
      const mine = tokens.filter((_, p) => p % clients.workers.length === i);
      if (adding[i] === 0 && mine.length === 0) return { failed: 0 };
      return worker.ask<'opened'>({ type: 'open', url: target.server.url, slug: target.slug, lurkers: adding[i]!, tokens: mine, postersWatch });
    }),
  );
  adding.forEach((n, i) => (clients.lurkers[i]! += n));
  const failed = opened.reduce((n, o) => n + o.failed, 0);
  if (failed > 0) throw new Error(`${failed} of ${adding.reduce((a, b) => a + b, posters)} clients could not connect to ${target.server.name}`);
}

/** Opens `lurkers` viewers and `posters` signed-in posters (watching the jam unless `postersWatch` is false), split over worker processes. */
async function openClients(target: Target, lurkers: number, posters: number, postersWatch = true): Promise<Worker[]> {
  const clients: Clients = { workers: [], lurkers: [] };
  await grow(target, clients, lurkers, posters, postersWatch);
  return clients.workers;
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
}

/** One trial on open clients: one poster at a fixed rate to every lurker; fan-out latency. */
async function latencyTrial(name: TargetName, clients: Worker[], audience: number, durationMs = config.latencyMs): Promise<LatencyRun> {
  await Promise.all(clients.map((w) => w.ask({ type: 'reset' })));
  const posted = await clients[0]!.ask<'posted'>({ type: 'post', mode: 'rate', perSecond: config.postRate, durationMs });
  if (posted.refused > 0) throw new Error(`${name}: ${posted.refused} posts refused (${posted.errors.join(', ')})`);
  const delivery = await settleDeliveries(clients, posted.acked);
  if (delivery.missing > 0) progress(`  ! ${name}: ${delivery.missing} deliveries missing after the latency run`);
  const ms = (await Promise.all(clients.map((w) => w.ask<'latencies'>({ type: 'latencies' })))).flatMap((r) => r.ms);
  const run = { p50: percentile(ms, 50), p99: percentile(ms, 99), samples: ms.length };
  progress(`  ${name.padEnd(8)} ${audience} lurkers: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms over ${ms.length} deliveries`);
  return run;
}

interface FanOutRuns {
  /** Per audience, smallest first: the alternating trials. */
  latency: Pair<LatencyRun[]>[];
  /** Server RSS added per idle lurker: what opening the lurkers added (each read after a full GC), summed over the audiences' steps, over the largest audience. */
  rssPerLurker: Pair<number>;
}

/**
 * (a), (c): fan-out latency at each audience, on one pair of servers. Each server keeps its
 * clients: between audiences the lurkers are topped up (not reconnected), and the RSS that opening
 * them adds is read around each opening alone, idle and after a full GC in the server, so the
 * garbage the trials leave behind is not counted.
 */
async function fanOut(targets: Pair<Target>, audiences: number[]): Promise<FanOutRuns> {
  const clients: Pair<Clients> = { tweetjam: { workers: [], lurkers: [] }, baseline: { workers: [], lurkers: [] } };
  const added: Pair<number> = { tweetjam: 0, baseline: 0 };
  const latency: Pair<LatencyRun[]>[] = [];
  try {
    for (const audience of audiences) {
      for (const name of NAMES) {
        const before = await targets[name].server.rssAfterGc();
        const started = performance.now();
        await grow(targets[name], clients[name], audience, 1);
        const rss = (await targets[name].server.rssAfterGc()) - before;
        added[name] += rss;
        progress(`  ${name.padEnd(8)} ${audience} idle lurkers (opened in ${((performance.now() - started) / 1000).toFixed(0)} s): the last ones added ${(rss / 2 ** 20).toFixed(0)} MiB RSS`);
      }
      // A short round first, not counted: the first posts after thousands of joins met servers and
      // clients still settling (presence updates, collections) and took seconds on both sides.
      if (audience >= WARM_UP_FROM) {
        progress(`  warm-up round at ${audience} lurkers (not counted):`);
        for (const name of NAMES) await latencyTrial(name, clients[name].workers, audience, Math.min(config.latencyMs, 2000));
      }
      latency.push(await alternating(`fan-out to ${audience} lurkers`, (name) => latencyTrial(name, clients[name].workers, audience)));
    }
    const largest = audiences.at(-1)!;
    return { latency, rssPerLurker: { tweetjam: added.tweetjam / largest, baseline: added.baseline / largest } };
  } finally {
    await closeClients([...clients.tweetjam.workers, ...clients.baseline.workers]);
  }
}

/** (a), (c) as figures: p50 and p99 at each audience, RSS per idle lurker, p99 growth from the smallest audience to the largest. */
function fanOutFigures(audiences: number[], runs: FanOutRuns): Figure[] {
  const figures: Figure[] = [];
  audiences.forEach((audience, i) => {
    const run = runs.latency[i]!;
    figures.push(figure(`fan-out p50, ${audience} lurkers`, run.tweetjam.map((r) => r.p50), 'ms', run.baseline.map((r) => r.p50), GOALS.p50));
    figures.push(figure(`fan-out p99, ${audience} lurkers`, run.tweetjam.map((r) => r.p99), 'ms', run.baseline.map((r) => r.p99), GOALS.p99));
  });
  const [small, large] = [audiences[0]!, audiences.at(-1)!];
  // Measured once per server, as its lurkers connect.
  figures.push(figure(`RSS per idle lurker (${large} lurkers)`, runs.rssPerLurker.tweetjam / 1024, 'KiB', runs.rssPerLurker.baseline / 1024, GOALS.rssPerLurker));
  // Per trial: the p99 at the largest audience over the p99 of the same round at the smallest.
  const growth = (name: TargetName) => runs.latency.at(-1)![name].map((r, i) => r.p99 / runs.latency[0]![name][i]!.p99);
  figures.push(figure(`p99 growth ${small} → ${large} lurkers`, growth('tweetjam'), '×', growth('baseline'), GOALS.p99Growth));
  return figures;
}

interface ThroughputRun {
  perSecond: number;
  acked: number;
  refused: number;
  lost: number;
  duplicates: number;
  storedOnce: boolean | null;
}

/** One trial of (b) on open clients: posters back to back for a fixed time; every acked post must be stored once and reach every viewer once. */
async function throughputTrial(target: Target, clients: Worker[], around: { start?: () => Promise<void>; end?: () => Promise<void> } = {}): Promise<ThroughputRun> {
  await Promise.all(clients.map((w) => w.ask({ type: 'reset' })));
  await around.start?.();
  const replies = await Promise.all(clients.map((w) => w.ask<'posted'>({ type: 'post', mode: 'closed', durationMs: config.throughputMs })));
  await around.end?.();
  // Posts sent within the window and acked (posters then wait for their last acks).
  const acked = replies.flatMap((p) => p.acked);
  const refused = replies.reduce((n, p) => n + p.refused, 0);
  const delivery = await settleDeliveries(clients, acked);
  let storedOnce: boolean | null = null;
  let lostInStore = 0;
  const stored = await target.storedIds();
  if (stored) {
    const counted = new Map<string, number>();
    stored.forEach((id) => counted.set(id, (counted.get(id) ?? 0) + 1));
    lostInStore = acked.filter((id) => counted.get(id) !== 1).length;
    storedOnce = lostInStore === 0 && [...counted.values()].every((n) => n === 1);
  }
  const run = { perSecond: acked.length / (config.throughputMs / 1000), acked: acked.length, refused, lost: delivery.missing + lostInStore, duplicates: delivery.duplicates, storedOnce };
  const errors = [...new Set(replies.flatMap((p) => p.errors))];
  progress(
    `  ${target.server.name.padEnd(8)} ${config.posters} posters, ${config.throughputLurkers} lurkers: ${run.perSecond.toFixed(0)} posts/s (${acked.length} acked, ${refused} refused${errors.length ? `: ${errors.join(', ')}` : ''}); ${delivery.missing} deliveries missing, ${delivery.duplicates} duplicated of ${acked.length * delivery.viewers}; store ${storedOnce === null ? 'n/a' : storedOnce ? 'has each acked post once' : `LOST ${lostInStore}`}`,
  );
  return run;
}

/** (b) alternating on both servers. */
async function throughput(targets: Pair<Target>): Promise<Pair<ThroughputRun[]>> {
  const clients = {} as Pair<Worker[]>;
  try {
    for (const name of NAMES) clients[name] = await openClients(targets[name], config.throughputLurkers, config.posters);
    return await alternating('throughput', (name) => throughputTrial(targets[name], clients[name]));
  } finally {
    await closeClients(Object.values(clients).flat());
  }
}

/**
 * (f) ingest: committed posts/s through the real posting path (acked only after commit, search
 * index current) from the throughput figure's posters with nobody watching, so the posting path
 * is the limit; against the raw engine inserting rows into the same schema, 100 per transaction.
 * Trials alternate (ours, raw, ours, …). SQLite, and PostgreSQL (a fresh schema) when reachable.
 */
async function ingest(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const stores: { label: string; yardstick: string; env: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>; raw: () => Promise<number> }[] = [
    { label: 'SQLite', yardstick: 'raw better-sqlite3', env: async () => ({ env: {}, drop: async () => {} }), raw: () => rawSqliteIngest(config.ingestRows) },
  ];
  if (await postgresReachable()) {
    stores.push({
      label: 'PostgreSQL',
      yardstick: 'raw pg',
      env: async () => {
        const schema = await freshBenchSchema(POSTGRES_URL, 'bench_ingest');
        return { env: { DATABASE_URL: schema.url }, drop: schema.drop };
      },
      raw: () => rawPostgresIngest(POSTGRES_URL, config.ingestRows),
    });
  } else {
    progress(`  PostgreSQL not reachable at ${POSTGRES_URL}: its ingest figure is left out`);
  }
  for (const { label, yardstick, env, raw } of stores) {
    const schema = await env();
    try {
      figures.push(await ingestTrials(label, yardstick, schema.env, raw));
    } finally {
      await schema.drop();
    }
  }
  return figures;
}

/** TRIALS rounds of the posters against a fresh TweetJam on `env`'s store, each followed by the raw yardstick. */
async function ingestTrials(label: string, yardstick: string, env: Record<string, string>, raw: () => Promise<number>): Promise<Figure> {
  const target = await startTarget('tweetjam', config.posters, env);
  live.add(target.server);
  let posters: Worker[] = [];
  try {
    // Nobody watching, the posters included: each post is stored and acked, not fanned out (the throughput figure measures that).
    posters = await openClients(target, 0, config.posters, false);
    const ours: number[] = [];
    const engine: number[] = [];
    const seconds = config.throughputMs / 1000;
    const busy = (cpu: number) => `${((cpu / seconds) * 100).toFixed(0)} %`;
    for (let round = 0; round < TRIALS; round++) {
      // Where the time goes: the server's CPU and the load generators' over the window.
      const cpu = { server: target.server.cpuSeconds(), posters: posters.reduce((n, w) => n + w.cpuSeconds(), 0) };
      const replies = await Promise.all(posters.map((w) => w.ask<'posted'>({ type: 'post', mode: 'closed', durationMs: config.throughputMs })));
      const serverCpu = busy(target.server.cpuSeconds() - cpu.server);
      const postersCpu = busy(posters.reduce((n, w) => n + w.cpuSeconds(), 0) - cpu.posters);
      const acked = replies.flatMap((p) => p.acked);
      const refused = replies.reduce((n, p) => n + p.refused, 0);
      const stored = new Set(await target.storedIds());
      if (acked.some((id) => !stored.has(id))) throw new Error(`ingest (${label}): an acked post is not in the store`);
      ours.push(acked.length / seconds);
      engine.push(await raw());
      const errors = [...new Set(replies.flatMap((p) => p.errors))];
      progress(`  ${label}: ${ours.at(-1)!.toFixed(0)} committed posts/s (${refused} refused${errors.length ? `: ${errors.join(', ')}` : ''}; CPU over the window: server ${serverCpu}, posters ${postersCpu} of a core); ${yardstick} ${engine.at(-1)!.toFixed(0)} rows/s`);
    }
    return figure(`ingest: committed posts/s, ${config.posters} posters, no lurkers (${label}) vs ${yardstick} in 100-row transactions`, ours, 'posts/s', engine, { minRatio: 0.5 });
  } finally {
    await closeClients(posters);
    await target.server.stop();
    live.delete(target.server);
  }
}

/** Share of lurkers that stop reading in the slow-consumer figure. */
const SLOW_SHARE = 0.02;

interface SlowRun {
  perSecond: number;
  /** Delivery p99 to the lurkers that kept reading. */
  p99: number;
  /** Server RSS (MiB) as the posting window opens and as it closes, the slow consumers' backlog still unsent: a delta alone would swing with GC. */
  rssBefore: number;
  rssAfter: number;
  faults: number;
}

/**
 * (h) slow consumers, TweetJam only: the throughput trial with 2 % of the lurkers not reading
 * (paused sockets) alternating with the same trial all reading; afterwards the slow ones read
 * again and must get every post.
 */
async function slowConsumers(targets: Pair<Target>): Promise<{ slow: SlowRun[]; fast: SlowRun[] }> {
  const target = targets.tweetjam;
  const clients = await openClients(target, config.throughputLurkers, config.posters);
  const pause = (paused: boolean) => Promise.all(clients.map((w) => w.ask({ type: 'pause', fraction: SLOW_SHARE, paused })));
  const trial = async (slow: boolean): Promise<SlowRun> => {
    let rssBefore = 0;
    let rssAfter = 0;
    const run = await throughputTrial(target, clients, {
      start: async () => {
        if (slow) await pause(true);
        rssBefore = target.server.rssBytes() / 2 ** 20;
      },
      end: async () => {
        rssAfter = target.server.rssBytes() / 2 ** 20;
        if (slow) await pause(false);
      },
    });
    const ms = (await Promise.all(clients.map((w) => w.ask<'latencies'>({ type: 'latencies' })))).flatMap((r) => r.ms);
    const result = { perSecond: run.perSecond, p99: percentile(ms, 99), rssBefore, rssAfter, faults: run.lost + run.duplicates + (run.storedOnce === false ? 1 : 0) };
    progress(`    ${slow ? `${SLOW_SHARE * 100} % paused` : 'all reading'}: readers' p99 ${result.p99.toFixed(0)} ms, server RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB over the window`);
    return result;
  };
  try {
    const runs = { slow: [] as SlowRun[], fast: [] as SlowRun[] };
    for (let round = 0; round < TRIALS; round++) {
      runs.slow.push(await trial(true));
      runs.fast.push(await trial(false));
    }
    return runs;
  } finally {
    await closeClients(clients);
  }
}

function slowFigures({ slow, fast }: { slow: SlowRun[]; fast: SlowRun[] }): Figure[] {
  const what = `${SLOW_SHARE * 100} % of ${config.throughputLurkers} lurkers not reading (vs all reading)`;
  return [
    figure(`${what}: accepted posts/s`, slow.map((r) => r.perSecond), 'posts/s', fast.map((r) => r.perSecond), { minRatio: 0.9 }),
    // p99 at ≥ 0.9× the speed: at most 1 / 0.9 of the all-reading p99.
    figure(`${what}: delivery p99 to the readers`, slow.map((r) => r.p99), 'ms', fast.map((r) => r.p99), { maxRatio: 1.11 }),
    figure(`${what}: server RSS at the end of the ${config.throughputMs / 1000} s window`, slow.map((r) => r.rssAfter), 'MiB', fast.map((r) => r.rssAfter), {}),
    figure(`${what}: acked posts lost or duplicated once the slow ones read again (all trials)`, slow.reduce((n, r) => n + r.faults, 0), 'messages', fast.reduce((n, r) => n + r.faults, 0), { equals: 0 }),
  ];
}

interface StormRun {
  /** From the reconnect until the slowest lurker held every post made while it was away. */
  catchUpMs: number;
  /** Posts (made during the drop or after) some lurker never got. */
  gaps: number;
  recovered: number;
}

/**
 * One reconnect storm: every lurker's network drops at once while the jam keeps posting, then all
 * reconnect at the same instant and catch up as their client does (TweetJam: re-join with
 * `since`; the baseline: Socket.IO's connection state recovery replaying what they missed).
 */
async function stormTrial(name: TargetName, clients: Worker[]): Promise<StormRun> {
  await Promise.all(clients.map((w) => w.ask({ type: 'reset' })));
  // A busy jam: the lurkers are watching posts go by when their network drops.
  const before = await clients[0]!.ask<'posted'>({ type: 'post', mode: 'rate', perSecond: config.stormRate, durationMs: 1000 });
  await settleDeliveries(clients, before.acked);
  await Promise.all(clients.map((w) => w.ask({ type: 'drop' })));
  const away = await clients[0]!.ask<'posted'>({ type: 'post', mode: 'rate', perSecond: config.stormRate, durationMs: config.dropMs });
  await Promise.all(clients.map((w) => w.ask({ type: 'reconnect', resume: name === 'tweetjam' ? 'join-since' : 'recovery' })));
  // Posts continue while they come back.
  const back = await clients[0]!.ask<'posted'>({ type: 'post', mode: 'rate', perSecond: config.stormRate, durationMs: 2000 });
  if (away.refused + back.refused > 0) throw new Error(`${name}: ${away.refused + back.refused} posts refused (${[...away.errors, ...back.errors].join(', ')})`);
  const delivery = await settleDeliveries(clients, [...before.acked, ...away.acked, ...back.acked]);
  const reports = await Promise.all(clients.map((w) => w.ask<'caughtUp'>({ type: 'caughtUp', ids: away.acked })));
  const behind = reports.reduce((n, r) => n + r.behind, 0);
  // A lurker that never caught up took forever, whatever the others did.
  const run = { catchUpMs: behind > 0 ? Number.POSITIVE_INFINITY : Math.max(...reports.map((r) => r.slowestMs)), gaps: delivery.missing, recovered: reports.reduce((n, r) => n + r.recovered, 0) };
  progress(`  ${name.padEnd(8)} ${delivery.viewers} lurkers back after ${config.dropMs / 1000} s (${away.acked.length} posts missed): ${behind > 0 ? `${behind} never caught up` : `all caught up in ${run.catchUpMs.toFixed(0)} ms`}; ${run.gaps} gaps, ${delivery.duplicates} duplicates (the client drops them by id); ${run.recovered} sessions recovered`);
  return run;
}

/** (g) reconnect storm, alternating on both servers. */
function reconnectStorm(): Promise<Pair<StormRun[]>> {
  return withBoth(1, async (targets) => {
    const clients = {} as Pair<Worker[]>;
    try {
      for (const name of NAMES) clients[name] = await openClients(targets[name], config.stormLurkers, 1);
      return await alternating('reconnect storm', (name) => stormTrial(name, clients[name]));
    } finally {
      await closeClients(Object.values(clients).flat());
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

/**
 * (d): archive search p95 of the first page through GET /api/search, against the bare engine
 * query for the same page on the same corpus: rounds alternate (ours, bare, ours, …).
 */
async function search(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const qs = queries(config.searches);
  const size = config.corpus.toLocaleString('en');
  const stores: { label: string; env: Record<string, string>; bare: (qs: string[]) => Promise<number[]> }[] = [];
  const dataDir = await sqliteCorpus(config.corpus, progress);
  stores.push({ label: 'SQLite', env: { DATA_DIR: dataDir }, bare: async (q) => sqliteBareSearch(dataDir, q) });
  if (await postgresReachable()) {
    const url = await postgresCorpus(POSTGRES_URL, config.corpus, progress);
    stores.push({ label: 'PostgreSQL', env: { DATABASE_URL: url }, bare: (q) => postgresBareSearch(url, q) });
  } else {
    progress(`  PostgreSQL not reachable at ${POSTGRES_URL}: its search figure is left out`);
  }
  for (const { label, env, bare } of stores) {
    const server = await startServerProcess('tweetjam', 'server/main.ts', env);
    live.add(server);
    try {
      // Warm the page cache and the query planners on both sides first.
      await httpSearchTimes(server.url, qs.slice(0, 20));
      await bare(qs.slice(0, 20));
      const ours: number[] = [];
      const engine: number[] = [];
      for (let round = 0; round < TRIALS; round++) {
        ours.push(percentile(await httpSearchTimes(server.url, qs), 95));
        engine.push(percentile(await bare(qs), 95));
      }
      figures.push(figure(`search p95, first page, ${size} messages, ${label}`, ours, 'ms', engine, { maxValue: 10 }));
      progress(`  ${label} search p95 ${ours.map((t) => t.toFixed(1)).join(' / ')} ms (bare engine ${engine.map((t) => t.toFixed(1)).join(' / ')} ms)`);
    } finally {
      await server.stop();
      live.delete(server);
    }
  }
  return figures;
}

/**
 * (e): a 20,000-message transcript in every format, rendered afresh each trial (a new server, so
 * nothing is cached): time to first byte, to complete, and the longest another request waited
 * meanwhile; then the archive page in Chromium.
 */
async function exportsAndArchive(): Promise<Figure[]> {
  const size = config.archive.toLocaleString('en');
  const dataDir = await exportCorpus(config.archive, progress);
  const timings = new Map<string, ExportTiming[]>(EXPORT_FORMATS.map((f) => [f, []]));
  for (let round = 0; round < TRIALS; round++) {
    const server = await startServerProcess('tweetjam', 'server/main.ts', { DATA_DIR: dataDir, METRICS_TOKEN });
    live.add(server);
    try {
      for (const format of EXPORT_FORMATS) timings.get(format)!.push(await timeExport(server.url, format));
    } finally {
      await server.stop();
      live.delete(server);
    }
  }
  const figures: Figure[] = [];
  for (const [format, runs] of timings) {
    progress(`  .${format} (${(runs[0]!.bytes / 2 ** 20).toFixed(1)} MiB): first byte ${runs.map((r) => r.firstByteMs.toFixed(0)).join(' / ')} ms, complete ${runs.map((r) => r.completeMs.toFixed(0)).join(' / ')} ms, others waited ≤ ${runs.map((r) => r.stallMs.toFixed(0)).join(' / ')} ms, longest event-loop block ${runs.map((r) => r.blockMs.toFixed(0)).join(' / ')} ms`);
    figures.push(figure(`export .${format}, ${size} messages: time to first byte`, runs.map((r) => r.firstByteMs), 'ms', null, {}));
    figures.push(figure(`export .${format}, ${size} messages: complete`, runs.map((r) => r.completeMs), 'ms', null, {}));
  }
  const stalls = EXPORT_FORMATS.map((f) => median(timings.get(f)!.map((r) => r.stallMs)));
  figures.push(figure(`longest wait of other requests during an export (worst format, ${size} messages)`, Math.max(...stalls), 'ms', null, { maxValue: 100 }));
  const blocks = EXPORT_FORMATS.map((f) => median(timings.get(f)!.map((r) => r.blockMs)));
  figures.push(figure(`longest event-loop block during an export (worst format, ${size} messages)`, Math.max(...blocks), 'ms', null, {}));

  await ensureClientBuild(progress);
  const server = await startServerProcess('tweetjam', 'server/main.ts', { DATA_DIR: dataDir });
  live.add(server);
  try {
    const paints: { firstPaintMs: number; transcriptMs: number }[] = [];
    for (let i = 0; i < config.paints; i++) {
      const paint = await archivePaint(server.url);
      if (!paint) {
        progress('  no Chromium (CHROMIUM_PATH or /usr/bin/chromium): the archive page figures are left out');
        return figures;
      }
      paints.push(paint);
    }
    progress(`  archive page: first paint ${paints.map((p) => p.firstPaintMs.toFixed(0)).join(' / ')} ms, transcript shown ${paints.map((p) => p.transcriptMs.toFixed(0)).join(' / ')} ms`);
    figures.push(figure(`archive page (${size} messages, Chromium): first contentful paint`, paints.map((p) => p.firstPaintMs), 'ms', null, {}));
    figures.push(figure(`archive page (${size} messages, Chromium): transcript shown`, paints.map((p) => p.transcriptMs), 'ms', null, {}));
  } finally {
    await server.stop();
    live.delete(server);
  }
  return figures;
}

function stormFigures(runs: Pair<StormRun[]>): Figure[] {
  const what = `${config.stormLurkers} lurkers reconnecting at once after a ${config.dropMs / 1000} s drop`;
  return [
    figure(`${what}: until all caught up`, runs.tweetjam.map((r) => r.catchUpMs), 'ms', runs.baseline.map((r) => r.catchUpMs), { maxRatio: 1.2 }),
    figure(`${what}: gaps (posts a lurker never got, all trials)`, runs.tweetjam.reduce((n, r) => n + r.gaps, 0), 'messages', runs.baseline.reduce((n, r) => n + r.gaps, 0), { equals: 0 }),
  ];
}

function machine() {
  const cpus = os.cpus();
  // The load average says how much else the machine was doing: shared machines make noisy absolutes.
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    mode: quick ? 'quick' : 'full',
    trials: TRIALS,
    pinning: pinningAvailable() ? `taskset: servers on CPU ${SERVER_CPU}, load generators and the bench on CPU ${CLIENT_CPU}` : 'none (taskset unavailable or one core)',
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg().map((n) => Number(n.toFixed(2))),
  };
}

/** Seconds each part of the run took, in results.json: what to cut when the run outgrows its budget. */
const phases: Record<string, number> = {};

async function phase(name: string, body: () => Promise<void>): Promise<void> {
  const started = performance.now();
  try {
    await body();
  } finally {
    phases[name] = Math.round((performance.now() - started) / 1000);
  }
}

async function main() {
  pin(process.pid, CLIENT_CPU);
  progress(`TweetJam bench (${quick ? 'quick' : 'full'}) on ${os.cpus().length} cores, load ${loadAtStart[0]}; ${TRIALS} alternating trials per figure; pinning ${pinningAvailable() ? 'on' : 'off'}; budget ${config.budgetMs / 1000} s`);
  const figures: Figure[] = [];
  if (only) {
    if (only === 'search') figures.push(...(await search()));
    if (only === 'throughput') await withBoth(config.posters, throughput);
    if (only === 'ingest') figures.push(...(await ingest()));
    if (only === 'fanout') figures.push(...fanOutFigures(config.audiences, await withBoth(1, (targets) => fanOut(targets, config.audiences))));
    if (only === 'exports') figures.push(...(await exportsAndArchive()));
    if (only === 'slow') figures.push(...slowFigures(await withBoth(config.posters, slowConsumers)));
    if (only === 'reconnect') figures.push(...stormFigures(await reconnectStorm()));
    console.log(table(figures));
    return { figures, phases };
  }

  // One pair of servers for fan-out, throughput, ingest and slow consumers: each part opens its
  // own clients and closes them, so the servers idle between parts (and starting one costs seconds).
  await withBoth(config.posters, async (targets) => {
    await phase('fan-out', async () => {
      progress(`(a, c) fan-out latency: one post every ${1000 / config.postRate} ms to every lurker, at ${config.audiences.join(', ')} lurkers`);
      figures.push(...fanOutFigures(config.audiences, await fanOut(targets, config.audiences)));
    });

    await phase('throughput', async () => {
      progress(`(b) throughput: ${config.posters} posters back to back, ${config.throughputLurkers} lurkers, ${config.throughputMs / 1000} s`);
      const posts = await throughput(targets);
      figures.push(figure(`accepted posts/s, ${config.posters} posters + ${config.throughputLurkers} lurkers`, posts.tweetjam.map((r) => r.perSecond), 'posts/s', posts.baseline.map((r) => r.perSecond), { minRatio: 0.8 }));
      const faults = (r: ThroughputRun) => r.lost + r.duplicates + (r.storedOnce === false ? 1 : 0);
      figures.push(figure('acked posts lost or duplicated (store + every viewer, all trials)', posts.tweetjam.reduce((n, r) => n + faults(r), 0), 'messages', posts.baseline.reduce((n, r) => n + faults(r), 0), { equals: 0 }));
    });

    // About a minute even at quick sizes, so --quick leaves it to `--quick --only=slow`.
    if (!quick) {
      await phase('slow consumers', async () => {
        progress(`(h) slow consumers: ${SLOW_SHARE * 100} % of ${config.throughputLurkers} lurkers stop reading during the throughput trial`);
        figures.push(...slowFigures(await slowConsumers(targets)));
      });
    }
  });

  await phase('ingest', async () => {
    progress(`(f) ingest: ${config.posters} posters back to back, nobody watching, against the raw engine`);
    figures.push(...(await ingest()));
  });

  // As long, so --quick leaves it to `--quick --only=reconnect`.
  if (!quick) {
    await phase('reconnect storm', async () => {
      progress(`(g) reconnect storm: ${config.stormLurkers} lurkers drop for ${config.dropMs / 1000} s while ${config.stormRate} posts/s continue, then reconnect at once`);
      figures.push(...stormFigures(await reconnectStorm()));
    });
  }

  await phase('search', async () => {
    progress('(d) archive search');
    figures.push(...(await search()));
  });

  await phase('exports and archive page', async () => {
    progress(`(e) exports of a ${config.archive.toLocaleString('en')}-message transcript, and its archive page`);
    figures.push(...(await exportsAndArchive()));
  });

  const results = { runAt: new Date().toISOString(), durationS: Math.round((performance.now() - t0) / 1000), machine: machine(), figures, phasesS: phases };
  fs.writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${table(figures)}\n`);
  console.log(`Machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, ${results.machine.os}, Node ${results.machine.node}; load average ${loadAtStart[0]} at start, ${results.machine.loadAverageAtEnd[0]} at end; pinning: ${results.machine.pinning}`);
  console.log(`Wrote bench/results.json in ${results.durationS} s (${Object.entries(phases).map(([name, seconds]) => `${name} ${seconds} s`).join(', ')}).`);
  if (writeReadme) {
    writeReadmeTable(results);
    console.log('Rewrote the results table in README.md.');
  }
  return { figures, phases };
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
