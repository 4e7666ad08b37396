import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
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

/**
 * A port nothing listens on right now, outside the kernel's ephemeral range: the test stops and
 * restarts its Redis on it, and in between an ephemeral port could be handed to any other socket
 * (a server on port 0, an outgoing connection of a suite running beside this one).
 */
export async function freePort(): Promise<number> {
  const range = fs.existsSync('/proc/sys/net/ipv4/ip_local_port_range') ? fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8') : '32768 60999';
  const [low, high] = range.trim().split(/\s+/).map(Number) as [number, number];
  const [from, to] = low > 11_000 ? [10_000, low] : [high + 1, 65_536];
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}–${to - 1}`);
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
