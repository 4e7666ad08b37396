import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import type { WorkerCommand, WorkerReply } from './worker.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** Resident memory of the server process, from /proc. */
  rssBytes(): number;
  stop(): Promise<void>;
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
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root,
    // Abuse limits off: a benchmark's posters send back to back on purpose.
    env: { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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

/** A bench worker process (socket.io clients) driven by request/reply over IPC. */
export class Worker {
  #child: ChildProcess;
  #queue: ((reply: WorkerReply) => void)[] = [];

  constructor() {
    this.#child = fork(path.join(root, 'bench', 'worker.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#child.on('message', (reply: WorkerReply) => this.#queue.shift()?.(reply));
  }

  ask<T extends WorkerReply['type']>(command: WorkerCommand): Promise<Extract<WorkerReply, { type: T }>> {
    return new Promise((resolve) => {
      this.#queue.push(resolve as (reply: WorkerReply) => void);
      this.#child.send(command);
    });
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((r) => this.#child.once('exit', r));
    await this.ask({ type: 'close' });
    await exited;
  }
}
