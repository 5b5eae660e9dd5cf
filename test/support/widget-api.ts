import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../api/http/app.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import type { Command } from '../../api/workflow/commands.ts';
import { silentLogger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import { type AbuseSettings, openSettings } from '../../api/abuse/settings.ts';

/**
 * The real API on a loopback port, with its own SQLite file: the widget tests talk to it from
 * the test runner's page, a different origin, as an embedded widget does.
 */
export interface WidgetApi {
  origin: string;
  /** The office's side, for tests that need a complaint further along: staff commands in order. */
  staff(site: string, reference: string, commands: Command[]): Promise<void>;
  stop(): Promise<void>;
}

/** `abuse`: the limits and proof of work it enforces; none unless given (most tests are about other things). */
export async function startWidgetApi(abuse: AbuseSettings = openSettings()): Promise<WidgetApi> {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-widget-'));
  const store = new SqliteStore(join(dir, 'complaints.sqlite'));
  await store.migrate();
  await seedDemoSites(store);
  const desk = new ComplaintDesk(store);
  const app = createApp({ store, desk, logger: silentLogger, abuse });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    staff: async (siteKey, reference, commands) => {
      const site = await desk.site(siteKey);
      const found = await desk.findByReference(site, reference);
      if (!found) throw new Error(`no complaint ${reference} on ${siteKey}`);
      for (const command of commands) await desk.execute(site, found.id, command, { kind: 'staff', id: 'test-staff' });
    },
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
