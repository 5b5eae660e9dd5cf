import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Config } from '../config.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export class StoreUnavailable extends Error {}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
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

async function openPostgres(url: string): Promise<Store> {
  const store = new PostgresStore(url);
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close();
    if (!unreachable(error)) throw error;
    throw new StoreUnavailable(`PostgreSQL at ${store.where} cannot be reached (${describeError(error)})`);
  }
}

/**
 * Whether an error means the server could not be used at all — down, unknown, refusing us —
 * rather than a fault in a statement, which keeps its stack.
 */
function unreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return /timeout|terminated/i.test((error as Error | null)?.message ?? '');
  // SQLSTATE classes 08 (connection), 28 (authorization), 3D (no such database), 53 (out of resources), 57P (shutting down)
  return /^E[A-Z_]+$/.test(code) || /^(08|28|3D|53|57P)/.test(code);
}

function describeError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  const message = typeof e.message === 'string' && e.message ? e.message : undefined;
  // A host with several addresses fails with an AggregateError that has no message of its own.
  const inner = Array.isArray(e.errors) ? (e.errors as Error[]).map((x) => x.message).join('; ') : undefined;
  return message ?? inner ?? String(e.code ?? error);
}
