import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { jsonLogger } from './http/logger.ts';
import { prepareStore } from './bootstrap.ts';
import { StoreUnavailable } from './store/open.ts';

const logger = jsonLogger();

async function main() {
  const config = readConfig();
  const store = await prepareStore(config, logger);
  const app = createApp({ store, logger });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    logger.info({ msg: 'listening', url, demo: `${url}/demo/`, dataDir: config.dataDir });
  });
  const stop = (signal: string) => {
    logger.info({ msg: 'stopping', signal });
    server.close(() => void store.close().then(() => process.exit(0)));
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
