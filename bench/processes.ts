import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { CLIENT_CPU, pin, SERVER_CPU } from './pinning.ts';
import type { WorkerCommand, WorkerReply } from './worker.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** Resident memory of the server process, from /proc. */
  rssBytes(): number;
  /** Resident memory right after a full garbage collection in the server (bench/gcOnSignal.ts). */
  rssAfterGc(): Promise<number>;
  /** CPU time the server process has used so far (user + system, all threads), from /proc. */
  cpuSeconds(): number;
  stop(): Promise<void>;
  /** At once, no grace: for a bench that is exiting anyway. */
  kill(): void;
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts a server script in its own process on a free port and resolves once /readyz says it serves (TweetJam listens before it migrates). */
export async function startServerProcess(name: string, script: string, env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-bench-'));
  const port = await freePort();
  // BENCH_CPU_PROF=dir: each server writes a V8 CPU profile there when it stops (for finding what costs).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--expose-gc', '--import', 'tsx', '--import', path.join(root, 'bench', 'gcOnSignal.ts'), path.join(root, script)], {
    cwd: root,
    // Abuse limits off: a benchmark's posters send back to back on purpose.
    env: { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  pin(child.pid!, SERVER_CPU);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  let gone = false;
  child.once('exit', () => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`${name} exited before serving: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start: ${stderr}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    url,
    pid: child.pid!,
    rssBytes: () => rssOf(child.pid!),
    async rssAfterGc() {
      child.kill('SIGUSR2');
      // A full collection of a few hundred MiB takes well under this.
      await new Promise((r) => setTimeout(r, 500));
      return rssOf(child.pid!);
    },
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    kill: () => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exit = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

/** CPU time a process has used (user + system), from /proc/<pid>/stat; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** USER_HZ: Linux reports process times in hundredths of a second on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** A bench worker process (socket.io clients) driven by request/reply over IPC. */
export class Worker {
  #child: ChildProcess;
  #queue: ((reply: WorkerReply) => void)[] = [];

  constructor() {
    this.#child = fork(path.join(root, 'bench', 'worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    pin(this.#child.pid!, CLIENT_CPU);
    this.#child.on('message', (reply: WorkerReply) => this.#queue.shift()?.(reply));
  }

  /** CPU time this load generator has used so far. */
  cpuSeconds(): number {
    return cpuSecondsOf(this.#child.pid!);
  }

  ask<T extends WorkerReply['type']>(command: WorkerCommand): Promise<Extract<WorkerReply, { type: T }>> {
    return new Promise((resolve) => {
      this.#queue.push(resolve as (reply: WorkerReply) => void);
      this.#child.send(command);
    });
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((r) => this.#child.once('exit', r));
    await this.ask({ type: 'close' });
    await exited;
  }
}
