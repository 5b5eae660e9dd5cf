import { serve } from '@hono/node-server';
import { ConfigError, readConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { jsonLogger } from './http/logger.ts';
import { ComplaintDesk, systemClock } from './service/complaints.ts';
import { DeadlineScheduler } from './service/deadline-scheduler.ts';
import { prepareStore } from './bootstrap.ts';
import { StoreUnavailable } from './store/open.ts';
import type { Channel } from './notify/channel.ts';
import { Dispatcher } from './notify/dispatcher.ts';
import { EmailChannel } from './notify/email.ts';
import { PushChannel, WebPush } from './notify/push.ts';
import { WebhookChannel } from './notify/webhook.ts';
import { isLoopbackHost } from './notify/targets.ts';
import { openLiveBus } from './notify/pg-bus.ts';
import { ServerLinks } from './notify/links.ts';
import { Surveys } from './notify/survey.ts';
import { MemoryCounters } from './abuse/counters.ts';
import { CountersUnavailable, RedisCounters } from './abuse/redis-counters.ts';

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
  // Live updates: in-process, and on PostgreSQL also from the other server processes (LISTEN/NOTIFY).
  const live = await openLiveBus(store, lifecycle);
  const desk = new ComplaintDesk(store, systemClock, live);
  // Limits and used challenges: shared by every process through Redis when there is one.
  const counters = config.abuse.redisUrl ? await RedisCounters.connect(config.abuse.redisUrl, lifecycle) : new MemoryCounters();
  // Web Push: the VAPID keys are made on the first start and kept in the store
  const localTargets = isLoopbackHost(new URL(config.publicUrl).hostname);
  const push = new WebPush(store, { subject: WebPush.subjectFor(config), loopbackHttp: localTargets });
  await push.keys();
  // plain-http webhooks and push endpoints on this machine only while the server itself is reached here (development)
  const app = createApp({ store, desk, logger, abuse: config.abuse, counters, push, localTargets });
  // Warnings and breaches on time, and after a restart those that fell due while it was down.
  const scheduler = new DeadlineScheduler(store, desk, systemClock, logger);
  scheduler.start();
  // The outbox, delivered: at least once, with backoff, dead letters and throttling.
  const channels: Channel[] = config.smtpUrl && config.mailFrom ? [new EmailChannel({ url: config.smtpUrl, from: config.mailFrom })] : [];
  if (!channels.length) lifecycle.info({ msg: 'no email: messages wait in the outbox until SMTP_URL and MAIL_FROM are set' });
  // the browsers that subscribed, and the sites' webhooks (text messages and chat apps go through these)
  channels.push(new PushChannel(store, push), new WebhookChannel(store));
  if (/^http:\/\/(?:0\.0\.0\.0|\[::\])[:/]/.test(config.publicUrl)) {
    lifecycle.info({ msg: 'set PUBLIC_URL to the address people reach this server at: links in messages would point at', url: config.publicUrl });
  }
  const dispatcher = new Dispatcher({
    store,
    channels,
    links: new ServerLinks(config.publicUrl, desk, new Surveys(store, desk, systemClock)),
    clock: systemClock,
    logger,
    options: {
      maxAttempts: config.notifyMaxAttempts,
      throttleMs: config.notifyThrottleMs,
      baseDelayMs: config.notifyRetryMs,
      leaseMs: config.notifyLeaseMs,
    },
  });
  dispatcher.start();
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`;
    const storage = config.databaseUrl ? { store: 'postgresql' } : { store: 'sqlite', dataDir: config.dataDir };
    lifecycle.info({ msg: 'listening', url, demo: `${url}/demo/`, ...storage });
  });
  const stop = (signal: string) => {
    lifecycle.info({ msg: 'stopping', signal });
    // open streams hear nothing more; their clients reconnect elsewhere and catch up with Last-Event-ID
    void live.close();
    server.close(() => void Promise.all([scheduler.stop(), dispatcher.stop(), counters.close()]).then(() => store.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreUnavailable || error instanceof CountersUnavailable) {
    process.stderr.write(`cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`cannot start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
