import type pg from 'pg';
import { pushSubscriptionFromRow, webhookAttemptFromRow, webhookFromRow } from './channel-rows.ts';
import type { ChannelStore, PushSubscriptionRecord, StoredWebhookAttempt, WebhookAttempt, WebhookChange, WebhookRecord } from './channel-store.ts';
import type { Row } from './rows.ts';

/** Push subscriptions, webhooks and their log in the same PostgreSQL schema as the complaints. */
export class PostgresChannelStore implements ChannelStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.#pool.query<Row>(sql, params)).rows;
  }

  async #count(sql: string, params: unknown[]): Promise<number> {
    return (await this.#pool.query(sql, params)).rowCount ?? 0;
  }

  async putPushSubscription(r: PushSubscriptionRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO push_subscriptions (id, site_key, endpoint, p256dh, auth, complaint_id, user_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth`,
      [r.id, r.siteKey, r.endpoint, r.p256dh, r.auth, r.complaintId, r.userId, r.createdAt],
    );
  }

  async complaintPushSubscriptions(complaintId: string): Promise<PushSubscriptionRecord[]> {
    return (await this.#rows('SELECT * FROM push_subscriptions WHERE complaint_id = $1 ORDER BY created_at, id', [complaintId])).map(pushSubscriptionFromRow);
  }

  async hasComplaintPushSubscription(complaintId: string): Promise<boolean> {
    return (await this.#rows('SELECT 1 FROM push_subscriptions WHERE complaint_id = $1 LIMIT 1', [complaintId])).length > 0;
  }

  async memberPushSubscriptions(siteKey: string, userIds: readonly string[]): Promise<PushSubscriptionRecord[]> {
    if (!userIds.length) return [];
    const rows = await this.#rows('SELECT * FROM push_subscriptions WHERE site_key = $1 AND user_id = ANY($2::text[]) ORDER BY created_at, id', [
      siteKey,
      [...userIds],
    ]);
    return rows.map(pushSubscriptionFromRow);
  }

  async deletePushSubscription(id: string): Promise<boolean> {
    return (await this.#count('DELETE FROM push_subscriptions WHERE id = $1', [id])) > 0;
  }

  deletePushEndpoint(endpoint: string): Promise<number> {
    return this.#count('DELETE FROM push_subscriptions WHERE endpoint = $1', [endpoint]);
  }

  async createWebhook(w: WebhookRecord): Promise<void> {
    await this.#pool.query(
      `INSERT INTO webhooks (id, site_key, url, events, recipients, secret, enabled, description, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [w.id, w.siteKey, w.url, JSON.stringify(w.events), JSON.stringify(w.recipients), w.secret, w.enabled, w.description, w.createdAt, w.updatedAt],
    );
  }

  async listWebhooks(siteKey: string): Promise<WebhookRecord[]> {
    return (await this.#rows('SELECT * FROM webhooks WHERE site_key = $1 ORDER BY created_at, id', [siteKey])).map(webhookFromRow);
  }

  async getWebhook(siteKey: string, id: string): Promise<WebhookRecord | null> {
    const [row] = await this.#rows('SELECT * FROM webhooks WHERE site_key = $1 AND id = $2', [siteKey, id]);
    return row ? webhookFromRow(row) : null;
  }

  async updateWebhook(siteKey: string, id: string, change: WebhookChange): Promise<WebhookRecord | null> {
    const values: unknown[] = [change.updatedAt];
    const sets: string[] = ['updated_at = $1'];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (change.url !== undefined) set('url', change.url);
    if (change.events !== undefined) set('events', JSON.stringify(change.events));
    if (change.recipients !== undefined) set('recipients', JSON.stringify(change.recipients));
    if (change.enabled !== undefined) set('enabled', change.enabled);
    if (change.description !== undefined) set('description', change.description);
    values.push(siteKey, id);
    const [row] = await this.#rows(`UPDATE webhooks SET ${sets.join(', ')} WHERE site_key = $${values.length - 1} AND id = $${values.length} RETURNING *`, values);
    return row ? webhookFromRow(row) : null;
  }

  async deleteWebhook(siteKey: string, id: string): Promise<boolean> {
    return (await this.#count('DELETE FROM webhooks WHERE site_key = $1 AND id = $2', [siteKey, id])) > 0;
  }

  async recordWebhookAttempt(a: WebhookAttempt): Promise<void> {
    await this.#pool.query(
      `INSERT INTO webhook_attempts (webhook_id, message_id, type, attempted_at, status_code, duration_ms, error, ok)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [a.webhookId, a.messageId, a.type, a.attemptedAt, a.statusCode, Math.round(a.durationMs), a.error, a.ok],
    );
  }

  async webhookAttempts(webhookId: string, limit: number): Promise<StoredWebhookAttempt[]> {
    return (await this.#rows('SELECT * FROM webhook_attempts WHERE webhook_id = $1 ORDER BY id DESC LIMIT $2', [webhookId, limit])).map(webhookAttemptFromRow);
  }

  async webhookDelivered(webhookId: string, messageId: string): Promise<boolean> {
    return (await this.#rows('SELECT 1 FROM webhook_attempts WHERE webhook_id = $1 AND message_id = $2 AND ok LIMIT 1', [webhookId, messageId])).length > 0;
  }

  pruneWebhookAttempts(before: string): Promise<number> {
    return this.#count('DELETE FROM webhook_attempts WHERE attempted_at < $1', [before]);
  }
}
