import type { Store } from '../store/store.ts';
import { DEMO_SITES } from './demo-sites.ts';

/** On a fresh database, the demonstration sites, so the demo pages work at once. */
export async function seedDemoSites(store: Store, now: Date = new Date()): Promise<string[]> {
  if ((await store.listSites()).length > 0) return [];
  for (const site of DEMO_SITES) await store.putSite(site, now);
  return DEMO_SITES.map((s) => s.key);
}
