import type { PushSubscriptionRecord, StoredWebhookAttempt, WebhookRecipients, WebhookRecord } from './channel-store.ts';
import type { Row } from './rows.ts';

/** SQLite hands JSON columns back as text, PostgreSQL as values; booleans as 0/1 or as booleans. */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const bool = (value: unknown): boolean => value === true || value === 1 || value === 1n;

export function pushSubscriptionFromRow(row: Row): PushSubscriptionRecord {
  return {
    id: String(row.id),
    siteKey: String(row.site_key),
    endpoint: String(row.endpoint),
    p256dh: String(row.p256dh),
    auth: String(row.auth),
    complaintId: textOrNull(row.complaint_id),
    userId: textOrNull(row.user_id),
    createdAt: String(row.created_at),
  };
}

export function webhookFromRow(row: Row): WebhookRecord {
  return {
    id: String(row.id),
    siteKey: String(row.site_key),
    url: String(row.url),
    events: json(row.events) as string[],
    recipients: json(row.recipients) as WebhookRecipients[],
    secret: String(row.secret),
    enabled: bool(row.enabled),
    description: textOrNull(row.description),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

export function webhookAttemptFromRow(row: Row): StoredWebhookAttempt {
  return {
    id: Number(row.id),
    webhookId: String(row.webhook_id),
    messageId: String(row.message_id),
    type: String(row.type),
    attemptedAt: String(row.attempted_at),
    statusCode: row.status_code === null || row.status_code === undefined ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    error: textOrNull(row.error),
    ok: bool(row.ok),
  };
}
