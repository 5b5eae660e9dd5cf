import { createHash } from 'node:crypto';
import type { NewEvent, StoredEvent } from '../contract/events.ts';

/** The predecessor hash of a complaint's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal data always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += `${i ? ',' : ''}${canonicalJson(value[i]) ?? ''}`;
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  // default sort compares UTF-16 code units, the same order on every platform
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

export function eventHash(complaintId: string, seq: number, prevHash: string, event: NewEvent): string {
  const body = canonicalJson({ complaintId, seq, type: event.type, at: event.at, actor: event.actor, data: event.data });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Gives new events their place in a complaint's chain, after `head` (the last stored event). */
export function chain(complaintId: string, head: { seq: number; hash: string } | null, events: readonly NewEvent[]): StoredEvent[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return events.map((event) => {
    seq += 1;
    const hash = eventHash(complaintId, seq, prevHash, event);
    const stored = { ...event, complaintId, seq, prevHash, hash } as StoredEvent;
    prevHash = hash;
    return stored;
  });
}

export interface BrokenLink {
  complaintId: string;
  seq: number;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap';
}

/** The first link of a complaint's chain that does not hold, or null when the chain is whole. */
export function firstBrokenLink(events: readonly StoredEvent[]): BrokenLink | null {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const event of events) {
    const at = { complaintId: event.complaintId, seq: event.seq };
    if (event.seq !== expectedSeq) return { ...at, reason: 'sequence-gap' };
    if (event.prevHash !== prevHash) return { ...at, reason: 'prev-hash-mismatch' };
    if (eventHash(event.complaintId, event.seq, event.prevHash, event) !== event.hash) return { ...at, reason: 'hash-mismatch' };
    prevHash = event.hash;
    expectedSeq += 1;
  }
  return null;
}
