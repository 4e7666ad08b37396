import { MemoryStore, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { createClient } from 'redis';
import { DEFAULT_REDIS_KEY } from '../edge/redisKey.ts';

/** Where rate-limit counters live right now, as /healthz reports it. */
export type LimitCounters = 'redis' | 'local';

export interface RateLimitStores {
  /** A counter store for one limiter (`rateLimits.store`). */
  store(prefix: string): Store;
  health(): { rateLimits: LimitCounters };
  close(): Promise<void>;
}

/** A Redis command slower than this counts as Redis being away: the request is limited locally instead. */
const COMMAND_TIMEOUT_MS = 1000;

interface Log {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Rate-limit counters shared by every node through Redis (rate-limit-redis), so a limit holds
 * however requests are spread — and a node that loses Redis keeps serving: while Redis is away
 * (not connected, or not answering within COMMAND_TIMEOUT_MS) each limiter counts in local memory
 * (per node, so limits are per node until Redis returns), /healthz says `rateLimits: "local"`,
 * and the client reconnects in the background. Nothing waits for Redis at start either.
 */
export function redisRateLimitStores(url: string, log: Log, key = DEFAULT_REDIS_KEY): RateLimitStores {
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3000) } });
  const stores = new Set<FailoverStore>();
  let state: LimitCounters = 'local';
  const report = (now: LimitCounters) => {
    if (now === state) return;
    state = now;
    if (now === 'local') log.error({ redis: url }, 'Redis is away: rate limits now count on this node only, until it returns');
    else log.warn({ redis: url }, 'Redis is back: rate limits count across nodes again');
  };
  client.on('error', () => report(client.isReady ? 'redis' : 'local'));
  client.on('end', () => report('local'));
  client.on('ready', () => {
    report('redis');
    // Scripts are loaded per connection lifetime: (re)load them now, for every limiter.
    for (const store of stores) store.connected();
  });
  // Never awaited: a node starts (and serves, with local counters) whether or not Redis answers.
  client.connect().catch((error: unknown) => log.error({ err: error, redis: url }, 'Redis for rate limits is unreachable; counting locally'));

  const send = (args: string[]): Promise<RedisReply> => {
    if (!client.isReady) return Promise.reject(new Error('Redis is not connected'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer in ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS);
    });
    return Promise.race([client.sendCommand(args) as Promise<RedisReply>, timeout]).finally(() => clearTimeout(timer));
  };

  return {
    store(name) {
      // Under the deployment's key: two deployments sharing one Redis keep their own counters.
      const prefix = `${key}:${name}`;
      const store = new FailoverStore(prefix, new RedisStore({ prefix, sendCommand: (...args: string[]) => send(args) }), () => client.isReady);
      stores.add(store);
      return store;
    },
    health: () => ({ rateLimits: client.isReady ? 'redis' : 'local' }),
    async close() {
      for (const store of stores) await store.shutdown();
      client.destroy();
    },
  };
}

/** Redis counters while Redis answers, local ones while it does not. */
class FailoverStore implements Store {
  readonly #local = new MemoryStore();
  #options: Options | undefined;
  #scripts: Promise<boolean> = Promise.resolve(false);
  /** Counters are shared between nodes (false), except while Redis is away. */
  localKeys = false;

  constructor(
    /** Keys' prefix in Redis (express-rate-limit tells limiters apart by it). */
    readonly prefix: string,
    private readonly redis: RedisStore,
    private readonly isReady: () => boolean,
  ) {}

  init(options: Options): void {
    this.#options = options;
    this.#local.init(options);
    this.connected();
  }

  /** Redis is (back) up: load the limiter's scripts there. */
  connected(): void {
    if (!this.#options || !this.isReady()) return;
    this.#scripts = this.redis.init(this.#options).then(
      () => true,
      () => false,
    );
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (this.isReady() && (await this.#scripts)) {
      try {
        return await this.redis.increment(key);
      } catch {
        /* away or slow: count locally */
      }
    }
    return this.#local.increment(key);
  }

  async decrement(key: string): Promise<void> {
    await (this.isReady() && (await this.#scripts) ? this.redis.decrement(key).catch(() => this.#local.decrement(key)) : this.#local.decrement(key));
  }

  async resetKey(key: string): Promise<void> {
    await Promise.allSettled([this.redis.resetKey(key), this.#local.resetKey(key)]);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    if (this.isReady() && (await this.#scripts)) {
      try {
        return await this.redis.get(key);
      } catch {
        /* away or slow: read locally */
      }
    }
    return this.#local.get(key);
  }

  async shutdown(): Promise<void> {
    await this.#local.shutdown();
  }
}
