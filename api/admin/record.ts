import { isDeepStrictEqual } from 'node:util';
import { firstBrokenLink } from '../store/chain.ts';
import { projectionRow } from '../store/projection.ts';
import { replay } from '../workflow/evolve.ts';
import type { AdminCommand } from './command.ts';

const asStored = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * Checks every complaint's hash chain from its first event, and that the read model is the
 * fold of the events. Names the first broken link; exit code 1 when anything is wrong.
 */
export const verify: AdminCommand = async ({ store, out }) => {
  let complaints = 0;
  let events = 0;
  const stale: string[] = [];
  const rows = new Map((await store.readModelSnapshot()).map((row) => [row.id, row]));
  for await (const chain of store.eachEventChain()) {
    complaints += 1;
    events += chain.length;
    const broken = firstBrokenLink(chain);
    const first = chain[0];
    const reference = first?.type === 'registered' ? first.data.reference : '?';
    if (broken) {
      out(`BROKEN: complaint ${broken.complaintId} (reference ${reference}), event #${broken.seq}: ${broken.reason}`);
      out(`checked ${complaints} complaints, ${events} events before the break`);
      return 1;
    }
    const state = replay(chain);
    // compared as stored: JSON has no `undefined`, so a field the fold leaves unset is simply absent
    if (!state || !isDeepStrictEqual(asStored(rows.get(state.id)), asStored(projectionRow(state)))) stale.push(reference);
    if (complaints % 10_000 === 0) out(`… ${complaints} complaints checked`);
  }
  out(`verified ${complaints} complaints, ${events} events: every chain is whole`);
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
