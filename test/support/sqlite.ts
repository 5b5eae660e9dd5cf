import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SqliteStore } from '../../api/store/sqlite.ts';
import type { StoreUnderTest } from '../store/conformance.ts';

/** A SQLite store in a fresh temporary folder, with raw SQL on the same file, removed on close. */
export async function temporarySqliteStore(): Promise<StoreUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-store-'));
  const path = join(dir, 'complaints.sqlite');
  const store = new SqliteStore(path);
  return {
    store,
    raw: async (sql) => {
      const db = new DatabaseSync(path);
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
