import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { CreateWebhookInput, WebhookDeliveryView, WebhookEvent, WebhookView } from '../../shared/webhooks.ts';
import { invalidInput, notFound } from '../errors.ts';
import type { Deps } from '../core/deps.ts';
import { jamPath } from '../presenters.ts';
import type { JamRow } from '../store/jams.ts';
import type { SeriesRow } from '../store/series.ts';
import type { UserRow } from '../store/users.ts';
import { WebhookRepo, type DeliveryRow, type WebhookRow } from './repo.ts';
import { signWebhook, WebhookHeaders } from './signature.ts';
import { refuseTarget } from './targets.ts';
import { seriesAllowing } from '../core/policy.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubled before each later one. */
  baseDelayMs: number;
  timeoutMs: number;
}

export const defaultRetryPolicy = (): RetryPolicy => ({
  maxAttempts: Number(process.env.WEBHOOK_MAX_ATTEMPTS ?? 6),
  baseDelayMs: Number(process.env.WEBHOOK_BACKOFF_MS ?? 10_000),
  timeoutMs: Number(process.env.WEBHOOK_TIMEOUT_MS ?? 10_000),
});

const presentWebhook = (row: WebhookRow): WebhookView => ({ id: row.id, url: row.url, events: row.events.split(',') as WebhookEvent[], active: row.active === 1, createdAt: row.created_at });

/**
 * Signed outbound webhooks for a series' hosts. Domain events are turned into deliveries that are
 * persisted first, then sent with fetch off the native path; failures are retried with exponential
 * backoff on in-process timers, and pending deliveries resume after a restart.
 */
export class Webhooks {
  readonly repo: WebhookRepo;
  policy: RetryPolicy;
  /** Lets webhooks reach loopback/private addresses (local development, tests). */
  allowPrivateTargets = process.env.WEBHOOK_ALLOW_PRIVATE === '1';
  #running = new Set<Promise<void>>();
  #stopped = false;
  #timers = new Map<string, NodeJS.Timeout>();
  #inFlight = new Set<string>();
  #unsubscribe: (() => void)[] = [];
  origin = process.env.PUBLIC_URL?.replace(/\/$/, '') ?? '';

  constructor(
    private readonly deps: Deps,
    private readonly onError: (error: unknown) => void,
    policy: RetryPolicy = defaultRetryPolicy(),
  ) {
    this.repo = new WebhookRepo(deps.store.db);
    this.policy = policy;
  }

  async create(user: UserRow, seriesSlug: string, input: CreateWebhookInput): Promise<{ webhook: WebhookView; secret: string }> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'manage webhooks');
    const refused = await refuseTarget(input.url, this.allowPrivateTargets);
    if (refused) throw invalidInput(`webhook URL refused: ${refused}`, 'url');
    const secret = newSecret();
    const row: WebhookRow = { id: nanoid(), series_id: series.id, url: input.url, secret, events: [...new Set(input.events)].join(','), active: 1, created_by: user.id, created_at: this.deps.clock.now().toISOString() };
    await this.repo.insert(row);
    return { webhook: presentWebhook(row), secret };
  }

  async list(user: UserRow, seriesSlug: string): Promise<WebhookView[]> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'manage webhooks');
    return (await this.repo.list(series.id)).map(presentWebhook);
  }

  async remove(user: UserRow, seriesSlug: string, id: string): Promise<void> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'manage webhooks');
    if (!(await this.repo.remove(series.id, id))) throw notFound(`webhook ${id}`);
  }

  /** Sends one `webhook.ping` to this webhook now, through the same signed, logged, retried path. */
  async test(user: UserRow, seriesSlug: string, id: string): Promise<{ deliveryId: string }> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'manage webhooks');
    const hook = await this.repo.byId(id);
    if (!hook || hook.series_id !== series.id) throw notFound(`webhook ${id}`);
    const deliveryId = await this.deliver(hook, series, 'webhook.ping', null, { message: 'A test delivery from TweetJam: your endpoint is reachable.' });
    return { deliveryId };
  }

  /** A new signing secret, shown once; the old one stops working at once. */
  async rotateSecret(user: UserRow, seriesSlug: string, id: string): Promise<{ webhook: WebhookView; secret: string }> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'manage webhooks');
    const secret = newSecret();
    if (!(await this.repo.setSecret(series.id, id, secret))) throw notFound(`webhook ${id}`);
    return { webhook: presentWebhook((await this.repo.byId(id))!), secret };
  }

  /** The delivery log, newest first, each with its attempts. */
  async deliveries(user: UserRow, seriesSlug: string, limit: number): Promise<WebhookDeliveryView[]> {
    const { series } = await seriesAllowing(this.deps.store, user, 'series:manage', seriesSlug, 'manage webhooks');
    const rows = await this.repo.recentDeliveries(series.id, limit);
    const attempts = await this.repo.attempts(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      url: r.url,
      event: r.event as WebhookEvent,
      status: r.status,
      attempts: attempts.filter((a) => a.delivery_id === r.id).map((a) => ({ n: Number(a.n), at: a.at, statusCode: a.status_code, error: a.error, durationMs: Number(a.duration_ms) })),
      nextAttemptAt: r.next_attempt_at,
      createdAt: r.created_at,
      completedAt: r.completed_at,
    }));
  }

  /** Subscribes to domain events and resumes deliveries left pending by a previous process. */
  async start(): Promise<void> {
    const { events } = this.deps;
    const later = (work: Promise<void>) => {
      const tracked = work.catch(this.onError);
      this.#running.add(tracked);
      void tracked.finally(() => this.#running.delete(tracked));
    };
    this.#unsubscribe = [
      events.on('jam:updated', ({ jamId, reason, show }) => {
        if (reason === 'started' || reason === 'ended') later(this.enqueue(jamId, reason === 'started' ? 'jam.started' : 'jam.ended', { show }));
      }),
      events.on('question:released', ({ jamId, question }) => later(this.enqueue(jamId, 'question.released', { question }))),
      events.on('message:updated', ({ jamId, message }) => later(this.featuredChanged(jamId, message))),
    ];
    for (const delivery of await this.repo.pending()) this.schedule(delivery.id, delivery.next_attempt_at);
  }

  /** Stops new work and waits for attempts in flight, so their outcome is logged before the store closes. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe.forEach((off) => off());
    this.#timers.forEach((timer) => clearTimeout(timer));
    this.#timers.clear();
    while (this.#running.size > 0) await Promise.all(this.#running);
  }

  /** Only the flip to featured is announced; a boost on a featured message is not a new feature. */
  private async featuredChanged(jamId: string, message: { id: string; featured: boolean }): Promise<void> {
    if (!message.featured) return this.repo.unmarkFeatured(message.id);
    if (await this.repo.markFeatured(message.id, this.deps.clock.now().toISOString())) await this.enqueue(jamId, 'message.featured', { message });
  }

  private async enqueue(jamId: string, event: WebhookEvent, data: object): Promise<void> {
    const { store } = this.deps;
    const jam = await store.jams.byId(jamId);
    if (!jam) return;
    const hooks = (await this.repo.list(jam.series_id)).filter((h) => h.active === 1 && h.events.split(',').includes(event));
    if (hooks.length === 0) return;
    const series = (await store.series.byId(jam.series_id))!;
    for (const hook of hooks) await this.deliver(hook, series, event, jam, data);
  }

  /** Persists one delivery of an event to one webhook, then attempts it. */
  private async deliver(hook: WebhookRow, series: SeriesRow, event: WebhookEvent, jam: JamRow | null, data: object): Promise<string> {
    const now = this.deps.clock.now().toISOString();
    const id = nanoid();
    const payload = JSON.stringify({
      id,
      event,
      createdAt: now,
      series: { slug: series.slug, name: series.name, hashtag: series.hashtag },
      jam: jam ? { slug: jam.slug, title: jam.title, url: `${this.origin}${jamPath(jam.slug)}` } : null,
      data,
    });
    const row: DeliveryRow = { id, webhook_id: hook.id, series_id: series.id, event, payload, status: 'pending', attempts: 0, next_attempt_at: now, last_status_code: null, last_error: null, created_at: now, completed_at: null };
    await this.repo.insertDelivery(row);
    this.run(id);
    return id;
  }

  private run(deliveryId: string): void {
    if (this.#stopped) return;
    const attempt = this.attempt(deliveryId);
    this.#running.add(attempt);
    void attempt.finally(() => this.#running.delete(attempt));
  }

  private schedule(deliveryId: string, at: string | null): void {
    if (this.#stopped) return;
    clearTimeout(this.#timers.get(deliveryId));
    const wait = Math.max(0, (at ? Date.parse(at) : 0) - this.deps.clock.now().getTime());
    const timer = setTimeout(() => {
      this.#timers.delete(deliveryId);
      this.run(deliveryId);
    }, wait);
    timer.unref();
    this.#timers.set(deliveryId, timer);
  }

  /** One signed POST; records the attempt, then either completes the delivery or schedules the next try. */
  private async attempt(deliveryId: string): Promise<void> {
    if (this.#inFlight.has(deliveryId)) return;
    this.#inFlight.add(deliveryId);
    try {
      const delivery = await this.repo.delivery(deliveryId);
      const hook = delivery && (await this.repo.byId(delivery.webhook_id));
      if (!delivery || !hook || delivery.status !== 'pending') return;
      const { clock } = this.deps;
      const n = Number(delivery.attempts) + 1;
      const startedAt = clock.now();
      const timestamp = Math.floor(startedAt.getTime() / 1000);
      let statusCode: number | null = null;
      let error: string | null = null;
      const t0 = performance.now();
      const refused = await refuseTarget(hook.url, this.allowPrivateTargets);
      try {
        if (refused) throw new Error(refused);
        const response = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'TweetJam-Webhooks/1',
            [WebhookHeaders.event]: delivery.event,
            [WebhookHeaders.delivery]: delivery.id,
            [WebhookHeaders.timestamp]: String(timestamp),
            [WebhookHeaders.signature]: signWebhook(hook.secret, timestamp, delivery.payload),
          },
          body: delivery.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.policy.timeoutMs),
        });
        statusCode = response.status;
        await response.body?.cancel();
        if (!response.ok) error = `HTTP ${response.status}`;
      } catch (failure) {
        error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
      }
      const durationMs = Math.round(performance.now() - t0);
      const delivered = error === null;
      // A refused target will not become acceptable by waiting: give up at once.
      const giveUp = !delivered && (n >= this.policy.maxAttempts || refused !== null);
      const next = delivered || giveUp ? null : new Date(clock.now().getTime() + this.policy.baseDelayMs * 2 ** (n - 1)).toISOString();
      await this.repo.recordAttempt(
        { delivery_id: delivery.id, n, at: startedAt.toISOString(), status_code: statusCode, error, duration_ms: durationMs },
        { status: delivered ? 'delivered' : giveUp ? 'failed' : 'pending', attempts: n, next_attempt_at: next, last_status_code: statusCode, last_error: error, completed_at: delivered || giveUp ? clock.now().toISOString() : null },
      );
      if (next) this.schedule(delivery.id, next);
    } catch (failure) {
      this.onError(failure);
    } finally {
      this.#inFlight.delete(deliveryId);
    }
  }
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;
