import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type GaugeConfiguration } from 'prom-client';
import type { DomainEvents } from '../core/events.ts';
import type { Lifecycle } from '../lifecycle.ts';
import type { FanOutHealth } from '../realtime/redis.ts';
import type { Store } from '../store/index.ts';

/**
 * Every number an operator watches, in one registry. The domain never calls prom-client: counters
 * and histograms listen to the typed event bus, gauges ask their collaborators at scrape time.
 */
export interface MetricsSources {
  events: DomainEvents;
  store: Store;
  lifecycle: Lifecycle;
  /** Sockets on this node, and how many of them are lurkers (no account). */
  sockets: () => { connected: number; lurkers: number };
  postingQueueDepth: () => number;
  fanOut: () => FanOutHealth;
  /** Wall clock for fan-out lag (messages carry their creation time). */
  now: () => Date;
}

/** Outbound queues whose rows carry a `status`: counted by status at scrape time. A table not (yet) present is skipped. */
const QUEUES = [
  { queue: 'webhooks', table: 'webhook_deliveries', where: sql`1 = 1` },
  // X shares bridge_outbound with the open networks (migration 015); its queue keeps its own label.
  { queue: 'x_bridge', table: 'bridge_outbound', where: sql`network = 'x'` },
  { queue: 'open_bridges', table: 'bridge_outbound', where: sql`network <> 'x'` },
  { queue: 'email', table: 'mail_outbox', where: sql`1 = 1` },
];

/** Seconds: from a couple of milliseconds (one SQLite commit) to the 10 s that would be an outage. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Prometheus {
  registry: Registry;
  /** Detaches from the event bus (the registry stays readable). */
  stop(): void;
}

export function createPrometheus(sources: MetricsSources): Prometheus {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gauge = <L extends string>(config: GaugeConfiguration<L>) => registry.registerMetric(new Gauge({ ...config, registers: [] }));

  gauge({
    name: 'tweetjam_sockets_connected',
    help: 'Socket.IO connections open on this node.',
    collect() {
      this.set(sources.sockets().connected);
    },
  });
  gauge({
    name: 'tweetjam_lurkers_connected',
    help: 'Connections on this node without a signed-in account (lurkers).',
    collect() {
      this.set(sources.sockets().lurkers);
    },
  });
  gauge({
    name: 'tweetjam_jams_live',
    help: 'Jams announced live and not yet ended (whole deployment, from the store).',
    async collect() {
      // While migrating (or with the store down) the scrape still answers, without this gauge.
      const row = await sources.store.db.selectFrom('jams').select((eb) => eb.fn.countAll<number | string>().as('n')).where('announced_status', '=', 'live').executeTakeFirst().catch(() => null);
      this.reset();
      if (row) this.set(Number(row.n));
    },
  });
  gauge({
    name: 'tweetjam_posting_queue_depth',
    help: 'Posts waiting on this node for their jam’s next store transaction.',
    collect() {
      this.set(sources.postingQueueDepth());
    },
  });
  gauge({
    name: 'tweetjam_node_ready',
    help: '1 while this node takes new work (serving), 0 while migrating, draining or closed.',
    collect() {
      this.set(sources.lifecycle.ready ? 1 : 0);
    },
  });
  gauge({
    name: 'tweetjam_redis_up',
    help: '1 when the Redis fan-out adapter is connected, 0 when it is down; no sample without REDIS_URL.',
    // A label, so that "no Redis configured" can be no sample at all rather than a misleading 0.
    labelNames: ['adapter'] as const,
    collect() {
      const health = sources.fanOut();
      this.reset();
      if (health.adapter === 'redis') this.set({ adapter: 'redis' }, health.redis === 'up' ? 1 : 0);
    },
  });
  gauge({
    name: 'tweetjam_outbound_queue',
    help: 'Outbound deliveries by queue (webhooks, x_bridge, open_bridges, email) and status (pending, posted, failed…).',
    labelNames: ['queue', 'status'] as const,
    async collect() {
      this.reset();
      for (const { queue, table, where } of QUEUES) {
        const rows = await sql<{ status: string; n: number | string }>`SELECT status, COUNT(*) AS n FROM ${sql.table(table)} WHERE ${where} GROUP BY status`.execute(sources.store.db).then(
          (result) => result.rows,
          () => [],
        );
        for (const row of rows) this.set({ queue, status: row.status }, Number(row.n));
      }
    },
  });

  const posts = new Counter({ name: 'tweetjam_posts_total', help: 'Post attempts by outcome: accepted, held, duplicate, or the error code that refused them.', labelNames: ['outcome'] as const, registers: [registry] });
  const ack = new Histogram({ name: 'tweetjam_post_ack_seconds', help: 'From a post’s arrival to its acknowledgement (stored or refused).', buckets: LATENCY_BUCKETS, registers: [registry] });
  const fanOutLag = new Histogram({ name: 'tweetjam_fanout_lag_seconds', help: 'From a message’s creation to its fan-out to the jam’s room.', buckets: LATENCY_BUCKETS, registers: [registry] });
  const commit = new Histogram({ name: 'tweetjam_store_commit_seconds', help: 'Duration of one posting transaction (a batch of messages).', buckets: LATENCY_BUCKETS, registers: [registry] });
  const commitSize = new Histogram({ name: 'tweetjam_store_commit_messages', help: 'Messages written per posting transaction.', buckets: [1, 2, 5, 10, 25, 50, 100, 256], registers: [registry] });
  const storeErrors = new Counter({ name: 'tweetjam_store_errors_total', help: 'Posting transactions that failed (nothing of the batch was saved).', registers: [registry] });
  const refusals = new Counter({ name: 'tweetjam_refusals_total', help: 'Requests and socket events refused, by edge and error code.', labelNames: ['edge', 'code'] as const, registers: [registry] });
  const rateLimited = new Counter({ name: 'tweetjam_rate_limited_total', help: 'Requests and socket events refused by a rate limit, by edge.', labelNames: ['edge'] as const, registers: [registry] });
  // Zero-valued series exist from the start, so rate() and alerts see them before the first event.
  for (const edge of ['http', 'socket'] as const) rateLimited.inc({ edge }, 0);
  posts.inc({ outcome: 'accepted' }, 0);

  const detach = [
    sources.events.on('post:settled', ({ outcome, seconds }) => {
      posts.inc({ outcome });
      ack.observe(seconds);
    }),
    sources.events.on('store:committed', ({ messages, seconds, ok }) => {
      commit.observe(seconds);
      if (ok) commitSize.observe(messages);
      else storeErrors.inc();
    }),
    sources.events.on('message:created', ({ message }) => {
      fanOutLag.observe(Math.max(0, (sources.now().getTime() - Date.parse(message.createdAt)) / 1000));
    }),
    sources.events.on('request:refused', ({ edge, code }) => {
      refusals.inc({ edge, code });
      if (code === 'rate_limited') rateLimited.inc({ edge });
    }),
  ];

  return {
    registry,
    stop: () => detach.forEach((off) => off()),
  };
}
