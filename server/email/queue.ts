import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { MailRepo, OutboxRow } from './repo.ts';
import type { MailTransport } from './transport.ts';

export interface MailQueuePolicy {
  maxAttempts: number;
  /** Wait before the 2nd attempt; doubled before each later one. */
  baseDelayMs: number;
  /** A claim older than this whose outcome was never recorded is given up as uncertain. */
  leaseMs: number;
}

export const defaultMailPolicy = (): MailQueuePolicy => ({ maxAttempts: Number(process.env.MAIL_MAX_ATTEMPTS ?? 6), baseDelayMs: Number(process.env.MAIL_BACKOFF_MS ?? 30_000), leaseMs: 2 * 60_000 });

const BATCH = 20;

/**
 * The persisted mail queue (the webhooks pattern): rows are written first, then sent off the
 * request path. Each mail is claimed by compare-and-set (pending → sending) so one worker on one
 * node sends it; the outcome is recorded after. Failures the server reports are retried with
 * backoff. A claim whose outcome never got recorded (the process died between the SMTP server
 * accepting and our write) is NOT resent: it turns `uncertain` after the lease and is logged and
 * shown on the outbox page. So: no mail is ever sent twice; a mail whose sender crashed in that
 * window of milliseconds may need the operator's eye. Every mail has a stable Message-ID.
 */
export class MailQueue {
  #pumping: Promise<void> | null = null;
  #again = false;
  #cancelWake: (() => void) | null = null;
  #stopped = false;
  /** Runs before each wake's queue pass (reminders due → queued mail). */
  beforePass: () => Promise<void> = async () => {};
  /** Next instant other work falls due (reminders), for the wake-up. */
  nextOtherDue: () => Promise<string | null> = async () => null;
  /** Tests only: runs after the transport accepted a mail and before it is recorded (a crash there). */
  afterSend?: (mail: OutboxRow) => void;

  constructor(
    private readonly repo: MailRepo,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly from: string,
    private readonly policy: MailQueuePolicy = defaultMailPolicy(),
  ) {}

  get transportName(): string {
    return this.transport.name;
  }

  /** Queues a mail (once per dedupe key) and kicks the worker. */
  async enqueue(row: OutboxRow): Promise<boolean> {
    const queued = await this.repo.enqueue(row);
    if (queued) void this.pump();
    return queued;
  }

  /** One pass: due reminders queued, stale claims given up, due mail sent; then sleep until the next due instant. */
  pump(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#pumping) {
      this.#again = true;
      return this.#pumping;
    }
    this.#pumping = (async () => {
      try {
        do {
          this.#again = false;
          await this.beforePass();
          const now = this.clock.now();
          for (const lost of await this.repo.markUncertain(new Date(now.getTime() - this.policy.leaseMs).toISOString()))
            this.log.error({ id: lost.id, to: lost.to_address, messageId: lost.message_id }, 'a mail was claimed but its sending was never recorded; not resending it (it may or may not have gone out)');
          const due = await this.repo.dueMail(now.toISOString(), BATCH);
          for (const mail of due) await this.attempt(mail);
          if (due.length === BATCH) this.#again = true;
        } while (this.#again && !this.#stopped);
        await this.arm();
      } catch (error) {
        this.log.error({ err: error }, 'mail queue pass failed');
      } finally {
        this.#pumping = null;
      }
    })();
    return this.#pumping;
  }

  /** Resolves when no pass is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#pumping) await this.#pumping;
  }

  stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelWake?.();
    this.transport.close();
    return this.idle();
  }

  private async attempt(mail: OutboxRow): Promise<void> {
    const now = this.clock.now().toISOString();
    if (!(await this.repo.claim(mail.id, now))) return;
    const attempts = Number(mail.attempts) + 1;
    try {
      await this.transport.send(mail, this.from);
    } catch (failure) {
      const error = failure instanceof Error ? failure.message : String(failure);
      const next = attempts < this.policy.maxAttempts ? new Date(this.clock.now().getTime() + this.policy.baseDelayMs * 2 ** (attempts - 1)).toISOString() : null;
      await this.repo.markFailed(mail.id, error, next);
      this.log.warn({ id: mail.id, to: mail.to_address, attempts, error, retryAt: next }, next ? 'mail not accepted; will retry' : 'mail not accepted; giving up');
      return;
    }
    this.afterSend?.(mail);
    await this.repo.markSent(mail.id, this.clock.now().toISOString(), this.transport.name);
  }

  private async arm(): Promise<void> {
    this.#cancelWake?.();
    this.#cancelWake = null;
    if (this.#stopped) return;
    const claim = await this.repo.oldestClaim();
    const candidates = [await this.repo.nextMailDue(), await this.nextOtherDue(), claim && new Date(Date.parse(claim) + this.policy.leaseMs).toISOString()].filter((t): t is string => Boolean(t));
    if (candidates.length === 0) return;
    const next = new Date(Math.max(Math.min(...candidates.map((t) => Date.parse(t))), this.clock.now().getTime()));
    this.#cancelWake = this.clock.wakeAt(next, () => void this.pump());
  }
}
