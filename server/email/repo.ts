import type { Kysely, Selectable } from 'kysely';
import type { Database, EmailTokensTable, MailOutboxTable, MailSubscriptionsTable, UserEmailsTable } from '../store/schema.ts';

export type UserEmailRow = Selectable<UserEmailsTable>;
export type EmailTokenRow = Selectable<EmailTokensTable>;
export type SubscriptionRow = Selectable<MailSubscriptionsTable>;
export type OutboxRow = Selectable<MailOutboxTable>;

const changed = (result: { numUpdatedRows: bigint }) => Number(result.numUpdatedRows) > 0;

/** Addresses, tokens, subscriptions, preferences and the mail queue. */
export class MailRepo {
  constructor(readonly db: Kysely<Database>) {}

  emailOf(userId: string): Promise<UserEmailRow | undefined> {
    return this.db.selectFrom('user_emails').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  byAddress(emailKey: string): Promise<UserEmailRow | undefined> {
    return this.db.selectFrom('user_emails').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
  }

  byUnsubscribeToken(token: string): Promise<UserEmailRow | undefined> {
    return this.db.selectFrom('user_emails').selectAll().where('unsubscribe_token', '=', token).executeTakeFirst();
  }

  /** Sets (or replaces) a person's address; a new address starts unverified. */
  async upsertEmail(row: UserEmailRow): Promise<void> {
    await this.db
      .insertInto('user_emails')
      .values(row)
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ email: row.email, email_key: row.email_key, verified_at: null, time_zone: row.time_zone }))
      .execute();
  }

  async setTimeZone(userId: string, timeZone: string): Promise<void> {
    await this.db.updateTable('user_emails').set({ time_zone: timeZone }).where('user_id', '=', userId).execute();
  }

  async removeEmail(userId: string): Promise<void> {
    await this.db.deleteFrom('user_emails').where('user_id', '=', userId).execute();
  }

  async insertToken(row: EmailTokenRow): Promise<void> {
    await this.db.insertInto('email_tokens').values(row).execute();
  }

  token(id: string): Promise<EmailTokenRow | undefined> {
    return this.db.selectFrom('email_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Uses a token once: true only for the first caller, before it expires. */
  async useToken(id: string, purpose: EmailTokenRow['purpose'], now: string): Promise<EmailTokenRow | undefined> {
    const result = await this.db.updateTable('email_tokens').set({ used_at: now }).where('id', '=', id).where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
    if (!changed(result)) return undefined;
    return this.db.selectFrom('email_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async markVerified(userId: string, email: string, at: string): Promise<boolean> {
    return changed(await this.db.updateTable('user_emails').set({ verified_at: at }).where('user_id', '=', userId).where('email', '=', email).executeTakeFirst());
  }

  /** A new password, and every session of the account closed (whoever had it is signed out). */
  async resetPassword(userId: string, passwordHash: string): Promise<string[]> {
    return this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
      const sessions = await tx.selectFrom('sessions').select('id').where('user_id', '=', userId).execute();
      await tx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      return sessions.map((s) => s.id);
    });
  }

  subscriptions(userId: string, jamId: string): Promise<SubscriptionRow[]> {
    return this.db.selectFrom('mail_subscriptions').selectAll().where('user_id', '=', userId).where('jam_id', '=', jamId).execute();
  }

  /** Replaces a person's choices for a jam; a kind kept keeps its row (and whether it was sent). */
  async setSubscriptions(userId: string, jamId: string, rows: SubscriptionRow[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const kinds = rows.map((r) => r.kind);
      let drop = tx.deleteFrom('mail_subscriptions').where('user_id', '=', userId).where('jam_id', '=', jamId);
      if (kinds.length) drop = drop.where('kind', 'not in', kinds);
      await drop.execute();
      for (const row of rows) await tx.insertInto('mail_subscriptions').values(row).onConflict((oc) => oc.columns(['user_id', 'jam_id', 'kind']).doUpdateSet({ time_zone: row.time_zone })).execute();
    });
  }

  /** Sets when not-yet-queued mail of a kind falls due (a jam moved, ended, or its recap appeared). */
  async setDue(jamId: string, kind: SubscriptionRow['kind'], dueAt: string, onlyIfUnset = false): Promise<void> {
    let query = this.db.updateTable('mail_subscriptions').set({ due_at: dueAt }).where('jam_id', '=', jamId).where('kind', '=', kind).where('enqueued_at', 'is', null);
    if (onlyIfUnset) query = query.where('due_at', 'is', null);
    await query.execute();
  }

  dueSubscriptions(now: string, limit: number): Promise<SubscriptionRow[]> {
    return this.db.selectFrom('mail_subscriptions').selectAll().where('enqueued_at', 'is', null).where('due_at', '<=', now).orderBy('due_at').limit(limit).execute();
  }

  async nextSubscriptionDue(): Promise<string | null> {
    const row = await this.db.selectFrom('mail_subscriptions').select((eb) => eb.fn.min('due_at').as('at')).where('enqueued_at', 'is', null).executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  /** The guard that queues a subscription's mail once. */
  async markEnqueued(row: SubscriptionRow, at: string): Promise<boolean> {
    return changed(await this.db.updateTable('mail_subscriptions').set({ enqueued_at: at }).where('user_id', '=', row.user_id).where('jam_id', '=', row.jam_id).where('kind', '=', row.kind).where('enqueued_at', 'is', null).executeTakeFirst());
  }

  async isMuted(userId: string, seriesId: string): Promise<boolean> {
    const row = await this.db.selectFrom('series_mail_prefs').select('muted').where('user_id', '=', userId).where('series_id', '=', seriesId).executeTakeFirst();
    return row?.muted === 1;
  }

  async setMuted(userId: string, seriesId: string, muted: boolean, at: string): Promise<void> {
    await this.db
      .insertInto('series_mail_prefs')
      .values({ user_id: userId, series_id: seriesId, muted: muted ? 1 : 0, updated_at: at })
      .onConflict((oc) => oc.columns(['user_id', 'series_id']).doUpdateSet({ muted: muted ? 1 : 0, updated_at: at }))
      .execute();
  }

  /** Series a person has chosen mail about, or has a preference for. */
  async seriesOf(userId: string): Promise<{ id: string; slug: string; name: string; hashtag: string; muted: number | null }[]> {
    const subscribed = this.db.selectFrom('mail_subscriptions').innerJoin('jams', 'jams.id', 'mail_subscriptions.jam_id').select('jams.series_id as id').where('mail_subscriptions.user_id', '=', userId);
    const preferred = this.db.selectFrom('series_mail_prefs').select('series_id as id').where('user_id', '=', userId);
    return this.db
      .selectFrom('series')
      .leftJoin('series_mail_prefs', (join) => join.onRef('series_mail_prefs.series_id', '=', 'series.id').on('series_mail_prefs.user_id', '=', userId))
      .select(['series.id', 'series.slug', 'series.name', 'series.hashtag', 'series_mail_prefs.muted'])
      .where((eb) => eb.or([eb('series.id', 'in', subscribed), eb('series.id', 'in', preferred)]))
      .orderBy('series.name')
      .execute();
  }

  /** Queues a mail unless one with its dedupe key exists: true when this call queued it. */
  async enqueue(row: OutboxRow): Promise<boolean> {
    const result = await this.db.insertInto('mail_outbox').values(row).onConflict((oc) => oc.column('dedupe_key').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  dueMail(now: string, limit: number): Promise<OutboxRow[]> {
    return this.db.selectFrom('mail_outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).execute();
  }

  async nextMailDue(): Promise<string | null> {
    const row = await this.db.selectFrom('mail_outbox').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  async oldestClaim(): Promise<string | null> {
    const row = await this.db.selectFrom('mail_outbox').select((eb) => eb.fn.min('claimed_at').as('at')).where('status', '=', 'sending').executeTakeFirst();
    return (row?.at as string | null | undefined) ?? null;
  }

  /** Compare-and-set pending → sending: exactly one worker (on any node) sends a given mail. */
  async claim(id: string, now: string): Promise<boolean> {
    return changed(await this.db.updateTable('mail_outbox').set((eb) => ({ status: 'sending', claimed_at: now, attempts: eb('attempts', '+', 1) })).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst());
  }

  async markSent(id: string, at: string, transport: string): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ status: 'sent', sent_at: at, transport, last_error: null }).where('id', '=', id).where('status', '=', 'sending').execute();
  }

  async markFailed(id: string, error: string, next: string | null): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set(next ? { status: 'pending', next_attempt_at: next, last_error: error, claimed_at: null } : { status: 'failed', last_error: error })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  }

  /** Claims older than the lease whose outcome was never recorded (the sender died mid-send). */
  async markUncertain(claimedBefore: string): Promise<OutboxRow[]> {
    const stale = await this.db.selectFrom('mail_outbox').selectAll().where('status', '=', 'sending').where('claimed_at', '<=', claimedBefore).execute();
    for (const row of stale) await this.db.updateTable('mail_outbox').set({ status: 'uncertain', last_error: 'the sender stopped between sending and recording; not resent' }).where('id', '=', row.id).where('status', '=', 'sending').execute();
    return stale;
  }

  recentMail(limit: number): Promise<OutboxRow[]> {
    return this.db.selectFrom('mail_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  mail(id: string): Promise<OutboxRow | undefined> {
    return this.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
