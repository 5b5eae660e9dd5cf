import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { pushSubscriptionFromRow, webhookAttemptFromRow, webhookFromRow } from './channel-rows.ts';
import type { ChannelStore, PushSubscriptionRecord, StoredWebhookAttempt, WebhookAttempt, WebhookChange, WebhookRecord } from './channel-store.ts';
import type { Row } from './rows.ts';

/** Push subscriptions, webhooks and their log in the same SQLite file as the complaints. */
export class SqliteChannelStore implements ChannelStore {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async putPushSubscription(r: PushSubscriptionRecord): Promise<void> {
    this.#sql(
      `INSERT INTO push_subscriptions (id, site_key, endpoint, p256dh, auth, complaint_id, user_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth`,
    ).run(r.id, r.siteKey, r.endpoint, r.p256dh, r.auth, r.complaintId, r.userId, r.createdAt);
  }

  async complaintPushSubscriptions(complaintId: string): Promise<PushSubscriptionRecord[]> {
    const rows = this.#sql('SELECT * FROM push_subscriptions WHERE complaint_id = ? ORDER BY created_at, id').all(complaintId) as Row[];
    return rows.map(pushSubscriptionFromRow);
  }

  async hasComplaintPushSubscription(complaintId: string): Promise<boolean> {
    return Boolean(this.#sql('SELECT 1 FROM push_subscriptions WHERE complaint_id = ? LIMIT 1').get(complaintId));
  }

  async memberPushSubscriptions(siteKey: string, userIds: readonly string[]): Promise<PushSubscriptionRecord[]> {
    if (!userIds.length) return [];
    const rows = this.#db
      .prepare(
        `SELECT * FROM push_subscriptions WHERE site_key = ? AND user_id IN (${userIds.map(() => '?').join(', ')}) ORDER BY created_at, id`,
      )
      .all(siteKey, ...userIds) as Row[];
    return rows.map(pushSubscriptionFromRow);
  }

  async deletePushSubscription(id: string): Promise<boolean> {
    return Number(this.#sql('DELETE FROM push_subscriptions WHERE id = ?').run(id).changes) > 0;
  }

  async deletePushEndpoint(endpoint: string): Promise<number> {
    return Number(this.#sql('DELETE FROM push_subscriptions WHERE endpoint = ?').run(endpoint).changes);
  }

  async createWebhook(w: WebhookRecord): Promise<void> {
    this.#sql(
      `INSERT INTO webhooks (id, site_key, url, events, recipients, secret, enabled, description, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(w.id, w.siteKey, w.url, JSON.stringify(w.events), JSON.stringify(w.recipients), w.secret, w.enabled ? 1 : 0, w.description, w.createdAt, w.updatedAt);
  }

  async listWebhooks(siteKey: string): Promise<WebhookRecord[]> {
    return (this.#sql('SELECT * FROM webhooks WHERE site_key = ? ORDER BY created_at, id').all(siteKey) as Row[]).map(webhookFromRow);
  }

  async getWebhook(siteKey: string, id: string): Promise<WebhookRecord | null> {
    const row = this.#sql('SELECT * FROM webhooks WHERE site_key = ? AND id = ?').get(siteKey, id) as Row | undefined;
    return row ? webhookFromRow(row) : null;
  }

  async updateWebhook(siteKey: string, id: string, change: WebhookChange): Promise<WebhookRecord | null> {
    const sets: string[] = ['updated_at = ?'];
    const values: SQLInputValue[] = [change.updatedAt];
    const set = (column: string, value: SQLInputValue) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (change.url !== undefined) set('url', change.url);
    if (change.events !== undefined) set('events', JSON.stringify(change.events));
    if (change.recipients !== undefined) set('recipients', JSON.stringify(change.recipients));
    if (change.enabled !== undefined) set('enabled', change.enabled ? 1 : 0);
    if (change.description !== undefined) set('description', change.description);
    const row = this.#db.prepare(`UPDATE webhooks SET ${sets.join(', ')} WHERE site_key = ? AND id = ? RETURNING *`).get(...values, siteKey, id) as
      | Row
      | undefined;
    return row ? webhookFromRow(row) : null;
  }

  async deleteWebhook(siteKey: string, id: string): Promise<boolean> {
    return Number(this.#sql('DELETE FROM webhooks WHERE site_key = ? AND id = ?').run(siteKey, id).changes) > 0;
  }

  async recordWebhookAttempt(a: WebhookAttempt): Promise<void> {
    this.#sql(
      `INSERT INTO webhook_attempts (webhook_id, message_id, type, attempted_at, status_code, duration_ms, error, ok)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(a.webhookId, a.messageId, a.type, a.attemptedAt, a.statusCode, Math.round(a.durationMs), a.error, a.ok ? 1 : 0);
  }

  async webhookAttempts(webhookId: string, limit: number): Promise<StoredWebhookAttempt[]> {
    return (this.#sql('SELECT * FROM webhook_attempts WHERE webhook_id = ? ORDER BY id DESC LIMIT ?').all(webhookId, limit) as Row[]).map(webhookAttemptFromRow);
  }

  async webhookDelivered(webhookId: string, messageId: string): Promise<boolean> {
    return Boolean(this.#sql('SELECT 1 FROM webhook_attempts WHERE webhook_id = ? AND message_id = ? AND ok = 1 LIMIT 1').get(webhookId, messageId));
  }

  async pruneWebhookAttempts(before: string): Promise<number> {
    return Number(this.#sql('DELETE FROM webhook_attempts WHERE attempted_at < ?').run(before).changes);
  }
}
