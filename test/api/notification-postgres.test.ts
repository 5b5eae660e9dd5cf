import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../api/http/logger.ts';
import { Dispatcher } from '../../api/notify/dispatcher.ts';
import { EmailChannel } from '../../api/notify/email.ts';
import { ServerLinks } from '../../api/notify/links.ts';
import { Surveys } from '../../api/notify/survey.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { PostgresStore } from '../../api/store/postgres.ts';
import { FILING } from '../support/api.ts';
import { POSTGRES_URL, postgresReachable, schemaStore } from '../support/postgres.ts';
import { type TestSmtp, startSmtp } from '../support/smtp.ts';

const reachable = await postgresReachable('notification tests on PostgreSQL');

describe.skipIf(!reachable)('notifications from two server processes on one PostgreSQL', () => {
  let subject: ReturnType<typeof schemaStore>;
  let second: PostgresStore;
  let smtp: TestSmtp;
  const dispatchers: Dispatcher[] = [];
  beforeEach(async () => {
    subject = schemaStore();
    await subject.store.migrate();
    await seedDemoSites(subject.store);
    // the other process: its own connections to the same schema
    second = new PostgresStore(POSTGRES_URL, { schema: subject.schema, poolSize: 4 });
    smtp = await startSmtp();
  });
  afterEach(async () => {
    for (const dispatcher of dispatchers.splice(0)) await dispatcher.stop();
    await smtp.stop();
    await second.close();
    await subject.drop();
  });

  const dispatcherOn = (store: PostgresStore) => {
    const desk = new ComplaintDesk(store);
    const dispatcher = new Dispatcher({
      store,
      channels: [new EmailChannel({ url: smtp.url, from: 'desk@complaints.test' })],
      links: new ServerLinks('http://complaints.test', desk, new Surveys(store, desk)),
      clock: { now: () => new Date() },
      logger: silentLogger,
      options: { batch: 5 },
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  };

  it('sends each message once while both dispatch at the same time', async () => {
    const desk = new ComplaintDesk(subject.store);
    const site = await desk.site('demo-community');
    for (let i = 0; i < 24; i += 1) {
      await desk.file(site, { ...FILING, answers: {}, language: 'zh-Hans', complainant: { email: `resident${i}@example.cn` } });
    }
    const ids = (await subject.store.outboxMessages({ status: 'pending' })).map((m) => m.id);
    expect(ids).toHaveLength(24);

    const [one, two] = [dispatcherOn(subject.store), dispatcherOn(second)];
    // both processes are up and connected before the messages are due for them
    await Promise.all([subject.store.listSites(), second.listSites()]);
    const [a, b] = await Promise.all([one.tick(), two.tick()]);
    expect(a + b).toBe(24);
    // both took part: the leases kept them apart
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    await smtp.waitFor(24);
    expect(smtp.received.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(await Promise.all([one.tick(), two.tick()])).toEqual([0, 0]);
    expect(smtp.received).toHaveLength(24);
    expect(await subject.store.outboxMessages({ status: 'pending' })).toEqual([]);
  });
});
