import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson } from './chain.ts';
import type { NewAuditEntry } from './staff-store.ts';

export { GENESIS_HASH };

/** Each audit entry carries the SHA-256 of the one before it, as the events of a complaint do. */
export function auditHash(prevHash: string, entry: NewAuditEntry): string {
  const body = canonicalJson({ at: entry.at, siteKey: entry.siteKey, actor: entry.actor, action: entry.action, target: entry.target, details: entry.details });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
