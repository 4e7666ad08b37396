import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookAttemptsTable, WebhookDeliveriesTable, WebhooksTable } from '../store/schema.ts';

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** Webhook endpoints, their deliveries and every attempt (the host's delivery log). */
export class WebhookRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: WebhookRow): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  list(seriesId: string): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('series_id', '=', seriesId).orderBy('created_at').execute();
  }

  byId(id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async remove(seriesId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('webhooks').where('series_id', '=', seriesId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setSecret(seriesId: string, id: string, secret: string): Promise<boolean> {
    const result = await this.db.updateTable('webhooks').set({ secret }).where('series_id', '=', seriesId).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async insertDelivery(row: DeliveryRow): Promise<void> {
    await this.db.insertInto('webhook_deliveries').values(row).execute();
  }

  delivery(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  pending(): Promise<DeliveryRow[]> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('status', '=', 'pending').execute();
  }

  /** Records one attempt and the delivery's new state together. */
  async recordAttempt(attempt: AttemptRow, update: Pick<DeliveryRow, 'status' | 'attempts' | 'next_attempt_at' | 'last_status_code' | 'last_error' | 'completed_at'>): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('webhook_attempts').values(attempt).execute();
      await tx.updateTable('webhook_deliveries').set(update).where('id', '=', attempt.delivery_id).execute();
    });
  }

  recentDeliveries(seriesId: string, limit: number): Promise<(DeliveryRow & { url: string })[]> {
    return this.db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .selectAll('webhook_deliveries')
      .select('webhooks.url')
      .where('webhook_deliveries.series_id', '=', seriesId)
      .orderBy('webhook_deliveries.created_at', 'desc')
      .orderBy('webhook_deliveries.id')
      .limit(limit)
      .execute();
  }

  attempts(deliveryIds: string[]): Promise<AttemptRow[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('delivery_id').orderBy('n').execute();
  }

  /** True the first time a message is announced as featured (until it is unfeatured again). */
  async markFeatured(messageId: string, at: string): Promise<boolean> {
    const result = await this.db.insertInto('featured_announcements').values({ message_id: messageId, at }).onConflict((oc) => oc.column('message_id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async unmarkFeatured(messageId: string): Promise<void> {
    await this.db.deleteFrom('featured_announcements').where('message_id', '=', messageId).execute();
  }
}
