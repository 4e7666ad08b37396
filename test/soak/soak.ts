import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JamView } from '../../shared/model.ts';
import { ApiClient, type JamSocket } from '../support/harness.ts';
import { Ledger, Poster, Viewer, audit, openSocket, storedMessages, type Audit } from '../support/ledger.ts';
import { spawnServer, type ServerProcess } from '../support/process.ts';

/**
 * The soak: the real server as a child process on loopback, people posting and randomly
 * reconnecting, the server killed (-9) or stopped (SIGTERM) and restarted on the same data, for a
 * bounded time; then an audit: nothing acknowledged lost or duplicated, every viewer gap-free.
 */

export interface SoakOptions {
  durationMs: number;
  /** People posting and watching at once. */
  people?: number;
  /** Posts each person keeps in flight. */
  inFlight?: number;
  /** Mean time between server restarts. */
  restartEveryMs?: number;
  /** Stop early past this many acknowledged posts (bounds disk and memory). */
  maxPosts?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  audit: Audit;
  durationMs: number;
  restarts: { kill9: number; sigterm: number };
  reconnects: number;
  /** Posts resent with the same client id after a missing ack or a retryable refusal. */
  resent: number;
  /** Refusals that were not retryable: must be empty. */
  errors: string[];
  /** Viewers whose final view differs from the store (gap or extra): must be empty. */
  viewerGaps: string[];
  /** Messages a viewer received twice (ack/event overlap on a re-join), de-duplicated by id. */
  redelivered: number;
  currentQuestion: number | null;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (min: number, max: number) => min + Math.random() * (max - min);

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { durationMs, people: count = 6, inFlight = 3, restartEveryMs = 15_000, maxPosts = 200_000, log = () => {} } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-soak-'));
  const started = Date.now();
  let server: ServerProcess = await spawnServer(dataDir);
  try {
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true, durationMin: 480, questions: [{ text: 'Q one', offsetMin: 0 }, { text: 'Q two', offsetMin: 30 }, { text: 'Q three', offsetMin: 400 }] });
    await host.post(`/api/jams/${jam.slug}/show`, { action: 'release_next' });
    const accounts = await Promise.all(Array.from({ length: count }, () => new ApiClient(server.url).signUp()));

    const ledger = new Ledger();
    const deadline = started + durationMs;
    let stopping = false;
    const report = { restarts: { kill9: 0, sigterm: 0 }, reconnects: 0 };
    const done = () => stopping || Date.now() >= deadline || ledger.acked.size >= maxPosts;

    const agents = accounts.map((account, i) => ({ account, poster: new Poster(jam.slug, ledger, `person${i}`), viewer: new Viewer() }));

    /** One person: connect to whichever server is up, catch up, post for a while, drop, again. */
    async function live(agent: (typeof agents)[number]): Promise<void> {
      while (!done()) {
        let socket: JamSocket;
        try {
          socket = await openSocket(server.url, agent.account.token);
        } catch {
          await pause(200);
          continue;
        }
        try {
          await agent.viewer.follow(socket, jam.slug, new ApiClient(server.url));
          const posting = agent.poster.run(socket, inFlight);
          // A random reconnect: laptop sleep, network blip.
          const drop = setTimeout(() => socket.connected && socket.disconnect(), between(1000, 6000));
          await posting;
          clearTimeout(drop);
          report.reconnects++;
        } catch {
          /* the server went away mid-join: reconnect */
        } finally {
          socket.close();
        }
      }
    }

    async function restarts(): Promise<void> {
      while (!done()) {
        await pause(between(restartEveryMs * 0.5, restartEveryMs * 1.5));
        if (done()) return;
        const signal = Math.random() < 0.5 ? 'SIGKILL' : 'SIGTERM';
        const exit = await server.kill(signal);
        report.restarts[signal === 'SIGKILL' ? 'kill9' : 'sigterm']++;
        log(`restart #${report.restarts.kill9 + report.restarts.sigterm} by ${signal} (exit ${exit}), ${ledger.acked.size} acked so far`);
        server = await spawnServer(dataDir);
      }
    }

    // At the deadline posting stops at once; lanes already waiting on an ack finish that one.
    const bell = setTimeout(() => agents.forEach((a) => a.poster.stop()), Math.max(0, deadline - Date.now()));
    await Promise.all([...agents.map(live), restarts()]);
    clearTimeout(bell);
    agents.forEach((a) => a.poster.stop());
    stopping = true;

    // Everything still owed an ack is resent (same client ids) to the running server; then every viewer catches up.
    const sockets = await Promise.all(agents.map((agent) => openSocket(server.url, agent.account.token)));
    try {
      for (const [i, agent] of agents.entries()) {
        await agent.poster.drain(sockets[i]!);
        if (agent.poster.pending.length > 0) throw new Error(`${agent.poster.pending.length} posts could not be resent`);
      }
      for (const [i, agent] of agents.entries()) await agent.viewer.follow(sockets[i]!, jam.slug, new ApiClient(server.url));
    } finally {
      sockets.forEach((socket) => socket.close());
    }

    const reader = new ApiClient(server.url);
    const stored = await storedMessages(reader, jam.slug);
    const viewerGaps = agents.filter((a) => a.viewer.contiguous !== stored.length || a.viewer.bySeq.size !== stored.length).map((a, i) => `person${i}: has ${a.viewer.contiguous} contiguous of ${stored.length}`);
    const current = (await reader.get<{ jam: JamView }>(`/api/jams/${jam.slug}`)).body.jam.show.currentQuestion;
    return {
      audit: audit(stored, ledger),
      durationMs: Date.now() - started,
      restarts: report.restarts,
      reconnects: report.reconnects,
      resent: agents.reduce((n, a) => n + a.poster.resends, 0),
      errors: agents.flatMap((a) => a.poster.errors),
      viewerGaps,
      redelivered: agents.reduce((n, a) => n + a.viewer.redelivered, 0),
      currentQuestion: current,
    };
  } finally {
    await server.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
