import type { Store } from '../store/store.ts';

/** A problem with how the command was called: said in one line, exit code 2. */
export class UsageError extends Error {}

export interface AdminContext {
  store: Store;
  options: Record<string, string | undefined>;
  out(line: string): void;
}

/** An admin command; it returns the process exit code (0 when all is well). */
export type AdminCommand = (context: AdminContext) => Promise<number>;

export async function requireSite(store: Store, key: string | undefined) {
  if (!key) throw new UsageError('--site is required');
  const site = await store.getSite(key);
  if (!site) {
    const known = (await store.listSites()).map((s) => s.key).join(', ') || 'none';
    throw new UsageError(`no site "${key}" (sites: ${known})`);
  }
  return site;
}
