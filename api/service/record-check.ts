import { isDeepStrictEqual } from 'node:util';
import { firstBrokenLink } from '../store/chain.ts';
import { projectionRow } from '../store/projection.ts';
import { GENESIS_HASH, auditHash } from '../store/audit-chain.ts';
import type { AuditEntry } from '../store/staff-store.ts';
import type { Store } from '../store/store.ts';
import { replay } from '../workflow/evolve.ts';

export interface RecordCheck {
  complaints: number;
  events: number;
  /** the first link that does not hold, with the complaint's reference */
  broken: { complaintId: string; reference: string; seq: number; reason: string } | null;
  /** references whose read-model row differs from the projection of their events */
  staleReadModel: string[];
}

/** compared as stored: JSON has no `undefined`, so a field the fold leaves unset is simply absent */
const asStored = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * Checks every complaint's hash chain from its first event (stopping at the first break), and
 * that the read model is the fold of the events — for one site, or all.
 */
export async function checkRecord(store: Store, options: { siteKey?: string; progress?(complaints: number): void } = {}): Promise<RecordCheck> {
  const rows = new Map((await store.readModelSnapshot()).map((row) => [row.id, row]));
  const result: RecordCheck = { complaints: 0, events: 0, broken: null, staleReadModel: [] };
  for await (const chain of store.eachEventChain()) {
    const first = chain[0];
    if (first?.type !== 'registered') continue;
    if (options.siteKey && first.data.siteKey !== options.siteKey) continue;
    result.complaints += 1;
    result.events += chain.length;
    const broken = firstBrokenLink(chain);
    if (broken) {
      result.broken = { ...broken, reference: first.data.reference };
      return result;
    }
    const state = replay(chain);
    if (!state || !isDeepStrictEqual(asStored(rows.get(state.id)), asStored(projectionRow(state)))) result.staleReadModel.push(first.data.reference);
    if (result.complaints % 10_000 === 0) options.progress?.(result.complaints);
  }
  return result;
}

export const verifySite = (store: Store, siteKey: string) => checkRecord(store, { siteKey });

/** The audit log's chain: the first entry whose link does not hold, and how many were read. */
export async function checkAudit(store: Store): Promise<{ entries: number; broken: AuditEntry | null }> {
  let entries = 0;
  let prev = GENESIS_HASH;
  for await (const entry of store.staff.eachAudit()) {
    entries += 1;
    if (entry.prevHash !== prev || auditHash(prev, entry) !== entry.hash) return { entries, broken: entry };
    prev = entry.hash;
  }
  return { entries, broken: null };
}
