import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type AppDeps, createApp } from '../../api/http/app.ts';
import type { Logger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  store: SqliteStore;
  dir: string;
  logs: Record<string, unknown>[];
  /** JSON request helper: `call('POST', '/api/v1/…', body, headers)` */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A real app on a real SQLite file in a fresh temporary folder, seeded like a first start. Its
 * defences are those of the test environment (none) unless `options` sets them.
 */
export async function startTestApi(options: Pick<AppDeps, 'abuse' | 'counters' | 'clock'> = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-test-'));
  const store = new SqliteStore(join(dir, 'complaints.sqlite'));
  await store.migrate();
  await seedDemoSites(store);
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = {
    info: (fields) => logs.push({ level: 'info', ...fields }),
    error: (fields) => logs.push({ level: 'error', ...fields }),
  };
  const app = createApp({ store, logger, ...options });
  return {
    app,
    store,
    dir,
    logs,
    call: (method, path, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method,
          headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const FILING = {
  category: 'facilities',
  description: '3号楼2单元楼道灯坏了一周,晚上很黑。',
  place: { unit: '3-2', room: '401' },
} as const;

/** Reads the file the way an auditor would: straight from SQLite, past the application. */
export function countRows(api: TestApi, table: 'events' | 'complaints' | 'idempotency_keys' | 'api_keys'): number {
  const db = new DatabaseSync(join(api.dir, 'complaints.sqlite'), { readOnly: true });
  try {
    return Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}
