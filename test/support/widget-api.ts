import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../api/http/app.ts';
import { silentLogger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';

/**
 * The real API on a loopback port, with its own SQLite file: the widget tests talk to it from
 * the test runner's page, a different origin, as an embedded widget does.
 */
export async function startWidgetApi(): Promise<{ origin: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-widget-'));
  const store = new SqliteStore(join(dir, 'complaints.sqlite'));
  await store.migrate();
  await seedDemoSites(store);
  const app = createApp({ store, logger: silentLogger });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
