import type { StoredOutboxMessage } from './store.ts';

/** Soonest due first; among equals, the older message first. */
export function dueOrder(a: StoredOutboxMessage, b: StoredOutboxMessage): number {
  return a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
