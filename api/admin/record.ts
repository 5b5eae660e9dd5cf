import { checkAudit, checkRecord } from '../service/record-check.ts';
import type { AdminCommand } from './command.ts';

/**
 * Checks every complaint's hash chain and that the read model is the fold of the events.
 * Names the first broken link; exit code 1 when anything is wrong.
 */
export const verify: AdminCommand = async ({ store, out }) => {
  const result = await checkRecord(store, { progress: (n) => out(`… ${n} complaints checked`) });
  if (result.broken) {
    const { complaintId, reference, seq, reason } = result.broken;
    out(`BROKEN: complaint ${complaintId} (reference ${reference}), event #${seq}: ${reason}`);
    out(`checked ${result.complaints} complaints, ${result.events} events before the break`);
    return 1;
  }
  out(`verified ${result.complaints} complaints, ${result.events} events: every chain is whole`);
  const audit = await checkAudit(store);
  if (audit.broken) {
    out(`BROKEN: audit log entry #${audit.broken.id} (${audit.broken.action} at ${audit.broken.at}) does not link to the one before it`);
    return 1;
  }
  if (audit.entries) out(`verified the audit log: ${audit.entries} entries, whole`);
  const stale = result.staleReadModel;
  if (stale.length) {
    out(`the read model differs from the events for ${stale.length} complaints (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', …' : ''}): run \`npm run admin -- rebuild\``);
    return 1;
  }
  return 0;
};

/** Projects the read model again from the events. */
export const rebuild: AdminCommand = async ({ store, out }) => {
  const started = performance.now();
  const { complaints, events } = await store.rebuildReadModel();
  out(`rebuilt the read model of ${complaints} complaints from ${events} events in ${Math.round(performance.now() - started)} ms`);
  return 0;
};
