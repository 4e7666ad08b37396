import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import { DEFAULT_REDIS_KEY } from '../edge/redisKey.ts';
import { singleNode, type DropLink } from '../core/readCache.ts';

/** How the nodes share rooms, as /healthz reports it. */
export interface FanOutHealth {
  adapter: 'memory' | 'redis';
  /** Only with the Redis adapter: 'down' means this node serves its own clients only. */
  redis?: 'up' | 'down';
}

export interface FanOut {
  readonly clustered: boolean;
  /** Whether kept reads dropped on another node are dropped here too (see KeptReads). */
  readonly dropLink: DropLink;
  /** A channel between the nodes whose publish resolves once Redis has passed it on (null on one node). */
  channel(name: string): NodeChannel | null;
  health(): FanOutHealth;
  close(): Promise<void>;
}

export interface NodeChannel {
  publish(message: string): Promise<void>;
  subscribe(listener: (message: string) => void): void;
}

export const memoryFanOut: FanOut = { clustered: false, dropLink: singleNode, channel: () => null, health: () => ({ adapter: 'memory' }), close: async () => {} };

/** How long start-up waits for a Redis that neither answers nor refuses before serving anyway (degraded, reconnecting in the background). */
const CONNECT_WAIT_MS = 3000;

interface Publisher {
  publish(channel: string, message: string | Buffer): Promise<number>;
}

/**
 * Shares rooms between nodes through the official Redis adapter. A Redis outage never takes a
 * node down: broadcasts still reach the node's own clients (the adapter delivers locally
 * before it publishes), publishes fail fast instead of piling up in memory, the outage is
 * logged once at error level and reported by /healthz, and both clients reconnect on their own.
 * Clients on other nodes catch up from the store by seq when they re-join.
 */

export async function attachRedisFanOut(io: Server, url: string, log: Logger, key = DEFAULT_REDIS_KEY): Promise<FanOut> {
  const reconnectStrategy = (retries: number) => Math.min(100 * 2 ** retries, 3000);
  // The publisher drops commands while offline (a backlog of stale broadcasts helps nobody);
  // the subscriber queues its SUBSCRIBEs so they apply when Redis comes back.
  const pub = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy } });
  const sub = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy } });

  let down = false;
  // Bumped whenever either client (re)connects: drops published meanwhile may have been lost.
  let epoch = 0;
  const check = () => {
    const now = !(pub.isReady && sub.isReady);
    if (now && !down) log.error({ redis: url }, 'Redis is unreachable: this node now serves only its own clients; other nodes will not see its broadcasts until it returns');
    if (!now && down) log.warn({ redis: url }, 'Redis is back: rooms are shared across nodes again');
    down = now;
  };
  for (const client of [pub, sub]) {
    client.on('error', () => check());
    client.on('ready', () => {
      epoch++;
      check();
    });
    client.on('end', () => check());
  }

  // The adapter does not catch a failed publish; without this an outage would be an unhandled rejection.
  const publisher = pub as unknown as Publisher;
  const publish = publisher.publish.bind(publisher);
  publisher.publish = (channel, message) =>
    publish(channel, message).catch(() => {
      check();
      return 0;
    });

  const connected = Promise.all([pub.connect(), sub.connect()]).then(() => true);
  // A refused connection is known at once: serve degraded without waiting out the timeout.
  const refused = new Promise<false>((resolve) => pub.once('error', () => resolve(false)));
  const inTime = await Promise.race([connected, refused, new Promise<false>((resolve) => setTimeout(() => resolve(false), CONNECT_WAIT_MS).unref())]);
  connected.catch(() => {});
  if (!inTime) check();

  io.adapter(createAdapter(pub, sub, { key, requestsTimeout: 3000, publishOnSpecificResponseChannel: true }));
  return {
    clustered: true,
    dropLink: { epoch: () => (pub.isReady && sub.isReady ? epoch : null) },
    channel: (name) => ({
      publish: async (message) => void (await publisher.publish(`${key}#${name}`, message)),
      // Queued while Redis is away, like the adapter's own SUBSCRIBEs.
      subscribe: (listener) => void sub.subscribe(`${key}#${name}`, listener).catch(() => check()),
    }),
    health: () => ({ adapter: 'redis', redis: pub.isReady && sub.isReady ? 'up' : 'down' }),
    async close() {
      // close() waits for queued commands, which a Redis that just came back may never answer:
      // give it a moment, then drop the connections so shutdown never hangs on Redis.
      const graceful = Promise.allSettled([pub.close(), sub.close()]);
      await Promise.race([graceful, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      for (const client of [pub, sub]) if (client.isOpen) client.destroy();
    },
  };
}
