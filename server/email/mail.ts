import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { AccountEmailView, MailKind, MailSubscriptionView, OutboxMailView } from '../../shared/mail.ts';
import { hashPassword } from '../auth/passwords.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { loadJamContext } from '../core/context.ts';
import type { Deps } from '../core/deps.ts';
import type { JamService } from '../jams/jams.ts';
import type { MetricsService } from '../metrics/service.ts';
import type { Recaps } from '../recaps/recaps.ts';
import { isUniqueViolation } from '../store/index.ts';
import type { UserRow } from '../store/users.ts';
import { MailQueue } from './queue.ts';
import { Reminders, outboxRow, type Recipient } from './reminders.ts';
import { MailRepo, type OutboxRow, type SubscriptionRow } from './repo.ts';
import { resetPasswordMail, verifyEmailMail } from './templates.ts';
import { outboxTransport, smtpTransport } from './transport.ts';

export interface MailOptions {
  /** smtp(s)://… ; without it mail stays in the local outbox and the log. */
  smtpUrl?: string;
  from?: string;
  /** Shows the outbox to anyone at /outbox (the --demo operator page); off in production. */
  outboxPage?: boolean;
}

const HOUR = 3_600_000;
const VERIFY_TTL_MS = 24 * HOUR;
const RESET_TTL_MS = HOUR;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/**
 * Email for accounts: an address verified by link, password reset by link (tokens single-use,
 * expiring, stored as hashes), "Remind me" and recap subscriptions, per-series preferences with
 * one-click unsubscribe, and the persisted queue that sends it all.
 */
export class Mail {
  readonly repo: MailRepo;
  readonly queue: MailQueue;
  readonly reminders: Reminders;
  readonly outboxPage: boolean;
  /** Links in mail point here: PUBLIC_URL, else the address the server listens on (set at start). */
  origin = process.env.PUBLIC_URL?.replace(/\/$/, '') ?? 'http://localhost';
  #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly deps: Deps,
    jams: JamService,
    recaps: Recaps,
    metrics: MetricsService,
    log: Logger,
    options: MailOptions = {},
  ) {
    this.repo = new MailRepo(deps.store.db);
    const transport = options.smtpUrl ? smtpTransport(options.smtpUrl) : outboxTransport(log);
    this.queue = new MailQueue(this.repo, transport, deps.clock, log, options.from ?? 'TweetJam <no-reply@tweetjam.local>');
    this.outboxPage = options.outboxPage ?? false;
    this.reminders = new Reminders(deps, this.repo, this.queue, jams, recaps, metrics, (userId, seriesId) => this.recipient(userId, seriesId), () => this.origin);
    this.queue.beforePass = () => this.reminders.enqueueDue();
    this.queue.nextOtherDue = () => this.repo.nextSubscriptionDue();
    recaps.onPublished(({ jamId }) => void this.reminders.recapPublished(jamId).catch((error) => log.error({ err: error }, 'recap mail')));
  }

  /** Listens for jams moving and ending, and sends what a previous process left queued. */
  start(): Promise<void> {
    this.#unsubscribe.push(
      this.deps.events.on('jam:updated', ({ jamId, jamSlug, reason }) => {
        if (reason === 'edited' || reason === 'ended') void this.reminders.jamChanged(jamId, jamSlug, reason).catch(() => {});
      }),
    );
    return this.queue.pump();
  }

  async stop(): Promise<void> {
    this.#unsubscribe.forEach((off) => off());
    await this.queue.stop();
  }

  async account(user: UserRow): Promise<AccountEmailView> {
    const row = await this.repo.emailOf(user.id);
    const series = await this.repo.seriesOf(user.id);
    return { email: row?.email ?? null, verified: Boolean(row?.verified_at), timeZone: row?.time_zone ?? null, series: series.map((s) => ({ slug: s.slug, name: s.name, hashtag: s.hashtag, muted: s.muted === 1 })) };
  }

  /** Sets the address (unverified) and mails a verification link to it. */
  async setEmail(user: UserRow, email: string, timeZone: string | undefined): Promise<AccountEmailView> {
    const now = this.deps.clock.now();
    const current = await this.repo.emailOf(user.id);
    if (current?.email !== email) {
      try {
        await this.repo.upsertEmail({ user_id: user.id, email, email_key: email.toLowerCase(), verified_at: null, unsubscribe_token: current?.unsubscribe_token ?? newToken(), time_zone: timeZone ?? current?.time_zone ?? null, created_at: now.toISOString() });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('another account uses that address', 'email');
        throw error;
      }
    } else if (timeZone) await this.repo.setTimeZone(user.id, timeZone);
    if (current?.email !== email || !current.verified_at) await this.sendVerification(user, email, now);
    return this.account(user);
  }

  async removeEmail(user: UserRow): Promise<AccountEmailView> {
    await this.repo.removeEmail(user.id);
    return this.account(user);
  }

  async verify(token: string): Promise<void> {
    const used = await this.repo.useToken(tokenHash(token), 'verify', this.deps.clock.now().toISOString());
    if (!used) {
      // Opening the link twice (a mail scanner, a reload) is fine once the address is confirmed.
      const earlier = await this.repo.token(tokenHash(token));
      const address = earlier?.purpose === 'verify' && earlier.used_at ? await this.repo.emailOf(earlier.user_id) : undefined;
      if (address?.verified_at && address.email === earlier?.email) return;
      throw invalidInput('this link was already used or has expired; ask for a new one from your account page', 'token');
    }
    if (!(await this.repo.markVerified(used.user_id, used.email, this.deps.clock.now().toISOString()))) throw invalidInput('this link is for an address the account no longer uses', 'token');
  }

  /** Mails a reset link when the handle or address belongs to an account with a verified address; says nothing either way. */
  async requestReset(who: string): Promise<void> {
    const { store, clock } = this.deps;
    const row = who.includes('@') ? await this.repo.byAddress(who.toLowerCase()) : await store.users.byHandle(who).then((u) => (u ? this.repo.emailOf(u.id) : undefined));
    if (!row?.verified_at) return;
    const user = await store.users.byId(row.user_id);
    if (!user) return;
    const now = clock.now();
    const token = newToken();
    await this.repo.insertToken({ id: tokenHash(token), user_id: user.id, purpose: 'reset', email: row.email, created_at: now.toISOString(), expires_at: new Date(now.getTime() + RESET_TTL_MS).toISOString(), used_at: null });
    const link = `${this.origin}/reset-password?token=${encodeURIComponent(token)}`;
    await this.queue.enqueue(outboxRow({ kind: 'reset', dedupeKey: `reset:${tokenHash(token)}`, userId: user.id, to: row.email, content: resetPasswordMail(user.handle, link), now, origin: this.origin }));
  }

  /** A new password for a valid reset link; the link is used up and every session closes. */
  async resetPassword(token: string, password: string): Promise<void> {
    const used = await this.repo.useToken(tokenHash(token), 'reset', this.deps.clock.now().toISOString());
    if (!used) throw invalidInput('this reset link was already used or has expired; ask for a new one', 'token');
    const closed = await this.repo.resetPassword(used.user_id, await hashPassword(password));
    for (const sessionId of closed) this.deps.events.emit('session:closed', { sessionId });
  }

  async subscription(user: UserRow, jamSlug: string): Promise<MailSubscriptionView> {
    const context = await loadJamContext(this.deps.store, jamSlug);
    const [rows, email, muted] = await Promise.all([this.repo.subscriptions(user.id, context.jam.id), this.repo.emailOf(user.id), this.repo.isMuted(user.id, context.series.id)]);
    return { kinds: rows.map((r) => r.kind), email: email ? { address: email.email, verified: Boolean(email.verified_at) } : null, muted };
  }

  /** "Remind me": the person's choices for a jam. Needs a verified address. */
  async subscribe(user: UserRow, jamSlug: string, kinds: MailKind[], timeZone: string | undefined, jamView: { startsAt: string; timeZone: string; status: string; endedAt: string | null }): Promise<MailSubscriptionView> {
    const context = await loadJamContext(this.deps.store, jamSlug);
    const email = await this.repo.emailOf(user.id);
    if (kinds.length > 0 && !email?.verified_at) throw conflict('add and confirm an email address on your account page first', 'email');
    if (jamView.status !== 'scheduled' && kinds.some((k) => k !== 'recap')) throw conflict(`reminders are for jams that have not started (this one is ${jamView.status})`, 'kinds');
    const now = this.deps.clock.now().toISOString();
    const recapOut = (await this.repo.db.selectFrom('recaps').select('published_at').where('jam_id', '=', context.jam.id).executeTakeFirst())?.published_at != null;
    const zone = timeZone ?? email?.time_zone ?? jamView.timeZone;
    const rows: SubscriptionRow[] = [...new Set(kinds)].map((kind) => ({ user_id: user.id, jam_id: context.jam.id, kind, time_zone: zone, due_at: this.reminders.dueAt(kind, jamView, recapOut), enqueued_at: null, created_at: now }));
    await this.repo.setSubscriptions(user.id, context.jam.id, rows);
    // Choosing mail about a series again lifts an earlier unsubscribe.
    if (kinds.length > 0) await this.repo.setMuted(user.id, context.series.id, false, now);
    void this.queue.pump();
    return this.subscription(user, jamSlug);
  }

  async setSeriesMuted(user: UserRow, seriesSlug: string, muted: boolean): Promise<AccountEmailView> {
    const series = await this.deps.store.series.bySlug(seriesSlug);
    if (!series) throw notFound(`series "${seriesSlug}"`);
    await this.repo.setMuted(user.id, series.id, muted, this.deps.clock.now().toISOString());
    return this.account(user);
  }

  /** One-click unsubscribe (no sign-in: the token in the link is the proof). Without a series: all mail about every series. */
  async unsubscribe(token: string, seriesSlug: string | undefined): Promise<{ series: string | null }> {
    const row = await this.repo.byUnsubscribeToken(token);
    if (!row) throw notFound('that unsubscribe link');
    const now = this.deps.clock.now().toISOString();
    if (seriesSlug) {
      const series = await this.deps.store.series.bySlug(seriesSlug);
      if (!series) throw notFound(`series "${seriesSlug}"`);
      await this.repo.setMuted(row.user_id, series.id, true, now);
      return { series: series.hashtag };
    }
    for (const s of await this.repo.seriesOf(row.user_id)) await this.repo.setMuted(row.user_id, s.id, true, now);
    return { series: null };
  }

  /** The operator's view of the queue (the local outbox). */
  async outbox(limit = 100): Promise<OutboxMailView[]> {
    return (await this.repo.recentMail(limit)).map(presentOutbox);
  }

  async outboxHtml(id: string): Promise<string> {
    const mail = await this.repo.mail(id);
    if (!mail) throw notFound(`mail ${id}`);
    return mail.html_body;
  }

  private async sendVerification(user: UserRow, email: string, now: Date): Promise<void> {
    const token = newToken();
    await this.repo.insertToken({ id: tokenHash(token), user_id: user.id, purpose: 'verify', email, created_at: now.toISOString(), expires_at: new Date(now.getTime() + VERIFY_TTL_MS).toISOString(), used_at: null });
    const link = `${this.origin}/account/verify?token=${encodeURIComponent(token)}`;
    await this.queue.enqueue(outboxRow({ kind: 'verify', dedupeKey: `verify:${tokenHash(token)}`, userId: user.id, to: email, content: verifyEmailMail(user.handle, link), now, origin: this.origin }));
  }

  /** Where mail about a series goes for a person, or null (no verified address, or they muted it). */
  private async recipient(userId: string, seriesId: string): Promise<Recipient | null> {
    const row = await this.repo.emailOf(userId);
    if (!row?.verified_at || (await this.repo.isMuted(userId, seriesId))) return null;
    const series = await this.deps.store.series.byId(seriesId);
    const query = `token=${encodeURIComponent(row.unsubscribe_token)}&series=${encodeURIComponent(series?.slug ?? '')}`;
    return { userId, address: row.email, unsubscribeUrl: `${this.origin}/unsubscribe?${query}`, oneClickUrl: `${this.origin}/api/mail/unsubscribe?${query}` };
  }
}

function presentOutbox(row: OutboxRow): OutboxMailView {
  return {
    id: row.id,
    messageId: row.message_id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    status: row.status,
    attempts: Number(row.attempts),
    transport: row.transport,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    headers: JSON.parse(row.headers) as Record<string, string>,
    attachments: (JSON.parse(row.attachments) as { filename: string }[]).map((a) => a.filename),
  };
}
