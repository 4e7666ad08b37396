import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * A redis-server of the test's own on a free loopback port, for outage tests: the test stops and
 * starts it at will. Never the shared Redis (TEST_REDIS_URL), which other suites and people use.
 */
export interface OwnRedis {
  url: string;
  port: number;
  /** Starts it (again) on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it at once (SIGKILL: an outage, not a shutdown). */
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves with a stopped redis-server on its own port; call start() to run it. */
export async function ownRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const reap = () => child?.kill('SIGKILL');
  process.once('exit', reap);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start() {
      return new Promise((resolve, reject) => {
        const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
        child = started;
        let output = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${output}`)), 10_000);
        started.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          if (/Ready to accept connections/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    },
    stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
}
