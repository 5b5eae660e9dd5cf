import type { Config } from './config.ts';
import type { Logger } from './http/logger.ts';
import { seedDemoSites } from './seed/seed.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';

/** What both the server and the admin command do first: open, migrate and (once) seed the store. */
export async function prepareStore(config: Config, logger?: Logger): Promise<Store> {
  const store = await openStore(config);
  if (config.seedDemo) {
    const seeded = await seedDemoSites(store);
    if (seeded.length) logger?.info({ msg: 'seeded demonstration sites', sites: seeded });
  }
  return store;
}
