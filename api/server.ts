import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { jsonLogger } from './http/logger.ts';
import { ComplaintDesk, systemClock } from './service/complaints.ts';
import { DeadlineScheduler } from './service/deadline-scheduler.ts';
import { prepareStore } from './bootstrap.ts';
import { StoreUnavailable } from './store/open.ts';

/** Start, stop and storage lines are always written; request lines follow LOG_LEVEL. */
const lifecycle = jsonLogger('info');

async function main() {
  const config = readConfig();
  const logger = jsonLogger(config.logLevel);
  const store = await prepareStore(config, lifecycle);
  if ((await store.staff.countUsers()) === 0) {
    lifecycle.info({
      msg: 'no staff accounts yet: create the first administrator with',
      command: 'npm run admin -- user create --email you@example.org --name "Your Name" --role admin,manager --site demo-community',
    });
  }
  const desk = new ComplaintDesk(store, systemClock);
  const app = createApp({ store, desk, logger });
  // Warnings and breaches on time, and after a restart those that fell due while it was down.
  const scheduler = new DeadlineScheduler(store, desk, systemClock, logger);
  scheduler.start();
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    const storage = config.databaseUrl ? { store: 'postgresql' } : { store: 'sqlite', dataDir: config.dataDir };
    lifecycle.info({ msg: 'listening', url, demo: `${url}/demo/`, ...storage });
  });
  const stop = (signal: string) => {
    lifecycle.info({ msg: 'stopping', signal });
    server.close(() => void scheduler.stop().then(() => store.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreUnavailable) {
    process.stderr.write(`cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`cannot start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
