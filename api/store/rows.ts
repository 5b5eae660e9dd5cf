import type { StoredEvent } from '../contract/events.ts';
import type { StoredOutboxMessage } from './store.ts';

export type Row = Record<string, unknown>;

/** SQLite hands JSON columns back as text, PostgreSQL as values: both read the same here. */
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function eventFromRow(row: Row): StoredEvent {
  return {
    complaintId: String(row.complaint_id),
    seq: Number(row.seq),
    type: String(row.type),
    at: String(row.at),
    actor: json(row.actor),
    data: json(row.data),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  } as StoredEvent;
}

export function outboxFromRow(row: Row): StoredOutboxMessage {
  return {
    id: String(row.id),
    siteKey: String(row.site_key),
    complaintId: String(row.complaint_id),
    eventSeq: Number(row.event_seq),
    kind: String(row.kind),
    recipient: json(row.recipient) as StoredOutboxMessage['recipient'],
    payload: json(row.payload) as Record<string, unknown>,
    createdAt: String(row.created_at),
    status: String(row.status) as StoredOutboxMessage['status'],
    attempts: Number(row.attempts),
    nextAttemptAt: String(row.next_attempt_at),
    lastError: textOrNull(row.last_error),
    sentAt: textOrNull(row.sent_at),
  };
}
