import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Config } from '../config.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export class StoreUnavailable extends Error {}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(config: Pick<Config, 'dataDir'>): Promise<Store> {
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (error) {
    throw new StoreUnavailable(`DATA_DIR ${config.dataDir} is not a writable folder (${(error as Error).message})`);
  }
  const store = new SqliteStore(`${config.dataDir}/complaints.sqlite`);
  await store.migrate();
  return store;
}
