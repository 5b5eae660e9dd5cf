import type { StoredEvent } from '../contract/events.ts';
import type { AuditEntry, StaffTokenRecord, UserRecord } from './staff-store.ts';
import type { ChangedComplaint, StoredOutboxMessage } from './store.ts';

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
    leasedUntil: textOrNull(row.leased_until),
    foldedInto: textOrNull(row.folded_into),
    deliveredVia: (json(row.delivered_via ?? '[]') as unknown[]).map(String),
  };
}

export function userFromRow(r: Row): UserRecord {
  return {
    id: String(r.id),
    email: String(r.email),
    name: String(r.name),
    passwordHash: String(r.password_hash),
    memberships: json(r.memberships) as UserRecord['memberships'],
    // SQLite has no booleans: 1 / 0
    superadmin: r.superadmin === true || Number(r.superadmin) === 1,
    createdAt: String(r.created_at),
    disabledAt: textOrNull(r.disabled_at),
    failedLogins: Number(r.failed_logins),
    lockedUntil: textOrNull(r.locked_until),
  };
}

export function tokenFromRow(r: Row): StaffTokenRecord {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    label: String(r.label),
    createdAt: String(r.created_at),
    lastUsedAt: textOrNull(r.last_used_at),
    revokedAt: textOrNull(r.revoked_at),
  };
}

export function auditFromRow(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    at: String(r.at),
    siteKey: textOrNull(r.site_key),
    actor: String(r.actor),
    action: String(r.action),
    target: textOrNull(r.target),
    details: json(r.details) as Record<string, unknown>,
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

export function changedFromRow(row: Row): ChangedComplaint {
  return { complaintId: String(row.id), version: Number(row.version), at: String(row.updated_at) };
}
