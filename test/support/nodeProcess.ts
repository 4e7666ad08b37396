import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** Log lines (pino JSON) seen so far. */
  logs: Record<string, unknown>[];
  /** SIGKILL: the node dies mid-flight, as a crashed machine would. */
  kill(): Promise<void>;
  /** SIGTERM: graceful drain. */
  stop(): Promise<void>;
}

/** Starts `server/main.ts` as its own process on an ephemeral port and resolves once it serves. */
export async function startNodeProcess(env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<NodeProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tweetjam-node-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.once('exit', (code) => reject(new Error(`node exited with ${code} before serving: ${stderr}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'TweetJam is serving') {
        clearTimeout(timer);
        resolve(String(entry.url).replace('localhost', '127.0.0.1'));
      }
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, child, logs, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
