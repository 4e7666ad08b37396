import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nanoid } from 'nanoid';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ApiClient, startTestServer, type JamSocket } from '../support/harness.ts';
import { describeWithServices, REDIS_URL, redisPrefix } from '../support/services.ts';

let server: RunningServer | undefined;
const sockets: JamSocket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  await server?.close();
  server = undefined;
});

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOKEN = 'scrape-token-0123456789';

async function scrape(url: string, token?: string): Promise<MetricFamily[]> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusTextFormat(await response.text());
}

const family = (families: MetricFamily[], name: string) => {
  const found = families.find((f) => f.name === name);
  if (!found) throw new Error(`no metric ${name} in the scrape`);
  return found;
};
const sample = (f: MetricFamily, labels: Record<string, string> = {}) => Number(f.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value ?? NaN);

describe('Prometheus metrics', () => {
  it('the separate loopback port serves every documented metric with its type, and counts what happened', async () => {
    server = await startTestServer({ metrics: { port: 0 } });
    expect(server.metrics.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const host = await new ApiClient(server.url).signUp();
    const series = await host.createSeries();
    const jam = await host.createJam(series.slug, { live: true });
    const poster = await new ApiClient(server.url).signUp();
    const socket = await poster.connect();
    const lurker = await new ApiClient(server.url).connect();
    sockets.push(socket, lurker);
    await lurker.emitWithAck('jam:join', { slug: jam.slug });
    for (let i = 0; i < 3; i++) expect((await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: `answer ${i}` })).ok).toBe(true);
    // Refused: an empty message at the edge, one too long once the hashtag is added (the domain's
    // invalid_input), and a post to a jam that does not exist (not_found).
    expect((await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: '   ' })).ok).toBe(false);
    expect((await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'x'.repeat(279) })).ok).toBe(false);
    expect((await poster.postMessage('no-such-jam', 'hello')).status).toBe(404);

    const families = await scrape(server.metrics.url!);
    const types = Object.fromEntries(families.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({
      tweetjam_sockets_connected: 'GAUGE',
      tweetjam_lurkers_connected: 'GAUGE',
      tweetjam_jams_live: 'GAUGE',
      tweetjam_posting_queue_depth: 'GAUGE',
      tweetjam_node_ready: 'GAUGE',
      tweetjam_redis_up: 'GAUGE',
      tweetjam_outbound_queue: 'GAUGE',
      tweetjam_posts_total: 'COUNTER',
      tweetjam_refusals_total: 'COUNTER',
      tweetjam_rate_limited_total: 'COUNTER',
      tweetjam_store_errors_total: 'COUNTER',
      tweetjam_post_ack_seconds: 'HISTOGRAM',
      tweetjam_fanout_lag_seconds: 'HISTOGRAM',
      tweetjam_store_commit_seconds: 'HISTOGRAM',
      tweetjam_store_commit_messages: 'HISTOGRAM',
      // Node's default metrics, event-loop lag among them.
      nodejs_eventloop_lag_seconds: 'GAUGE',
      nodejs_heap_size_used_bytes: 'GAUGE',
      process_cpu_seconds_total: 'COUNTER',
    });
    expect(sample(family(families, 'tweetjam_sockets_connected'))).toBe(2);
    expect(sample(family(families, 'tweetjam_lurkers_connected'))).toBe(1);
    expect(sample(family(families, 'tweetjam_jams_live'))).toBe(1);
    expect(sample(family(families, 'tweetjam_node_ready'))).toBe(1);
    expect(sample(family(families, 'tweetjam_posts_total'), { outcome: 'accepted' })).toBe(3);
    expect(sample(family(families, 'tweetjam_posts_total'), { outcome: 'invalid_input' })).toBe(1);
    expect(sample(family(families, 'tweetjam_refusals_total'), { edge: 'http', code: 'not_found' })).toBeGreaterThanOrEqual(1);
    expect(sample(family(families, 'tweetjam_refusals_total'), { edge: 'socket', code: 'invalid_input' })).toBe(2);
    expect(Number(family(families, 'tweetjam_post_ack_seconds').metrics[0]!.count)).toBe(5);
    expect(Number(family(families, 'tweetjam_fanout_lag_seconds').metrics[0]!.count)).toBe(3);
    expect(Number(family(families, 'tweetjam_store_commit_seconds').metrics[0]!.count)).toBeGreaterThanOrEqual(1);
    // Without REDIS_URL the Redis gauge has no sample: "down" would be a false alarm.
    expect(family(families, 'tweetjam_redis_up').metrics).toHaveLength(0);

    // The example dashboard and alert rules only query metrics this server exports.
    for (const file of ['grafana-dashboard.json', 'prometheus-alerts.yml']) {
      const text = fs.readFileSync(path.join(root, 'docs', 'monitoring', file), 'utf8');
      const used = new Set([...text.matchAll(/\b(?:tweetjam|nodejs|process)_[a-z0-9_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, '')));
      expect(used.size).toBeGreaterThan(5);
      for (const name of used) expect(types, `${file} uses ${name}`).toHaveProperty(name);
    }

    // Not on the public port: /metrics there is the web client's not-found, never the numbers.
    const publicScrape = await fetch(`${server.url}/metrics`);
    expect(await publicScrape.text()).not.toContain('tweetjam_posts_total');
  });

  it('rate-limit refusals are counted by edge', async () => {
    server = await startTestServer({ metrics: { port: 0 }, rateLimits: { socketWritesPerUser: 1 } });
    const host = await new ApiClient(server.url).signUp();
    const jam = await host.createJam((await host.createSeries()).slug, { live: true });
    const socket = await host.connect();
    sockets.push(socket);
    await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'first' });
    const second = await socket.emitWithAck('message:send', { slug: jam.slug, clientId: nanoid(), text: 'second' });
    expect(!second.ok && second.error.code).toBe('rate_limited');
    const families = await scrape(server.metrics.url!);
    expect(sample(family(families, 'tweetjam_rate_limited_total'), { edge: 'socket' })).toBe(1);
    expect(sample(family(families, 'tweetjam_rate_limited_total'), { edge: 'http' })).toBe(0);
  });

  it('with METRICS_TOKEN, /metrics on the main port needs the bearer token', async () => {
    server = await startTestServer({ metrics: { token: TOKEN } });
    expect(server.metrics.url).toBeUndefined();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);
    const families = await scrape(`${server.url}/metrics`, TOKEN);
    expect(family(families, 'tweetjam_posts_total').type).toBe('COUNTER');
  });
});

describeWithServices(['redis'], 'Prometheus metrics with the Redis adapter', () => {
  it('tweetjam_redis_up is 1 while the adapter is connected', async () => {
    server = await startTestServer({ metrics: { port: 0 }, redisUrl: REDIS_URL, redisKey: redisPrefix() });
    const families = await scrape(server.metrics.url!);
    expect(family(families, 'tweetjam_redis_up').metrics).toEqual([{ labels: { adapter: 'redis' }, value: '1' }]);
  });
});

