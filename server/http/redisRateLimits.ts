import type { Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { createClient } from 'redis';

/**
 * Rate-limit counters shared by every node through Redis (rate-limit-redis), so a limit holds
 * however requests are spread. Pass `store` as `rateLimits.store`; close after the server.
 */
export async function redisRateLimitStores(url: string, onError: (error: unknown) => void): Promise<{ store: (prefix: string) => Store; close: () => Promise<void> }> {
  const client = createClient({ url });
  client.on('error', onError);
  await client.connect();
  return {
    store: (prefix) => new RedisStore({ prefix, sendCommand: (...args: string[]) => client.sendCommand(args) as Promise<RedisReply> }),
    close: async () => {
      client.destroy();
    },
  };
}
