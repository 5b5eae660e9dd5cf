import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_NAME, PgBus } from '../../api/notify/pg-bus.ts';
import type { Change } from '../../api/notify/live.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk, systemClock } from '../../api/service/complaints.ts';
import { Policies } from '../../api/service/policies.ts';
import { StaffAuth } from '../../api/service/staff-auth.ts';
import { PostgresStore } from '../../api/store/postgres.ts';
import { decide } from '../../api/workflow/lifecycle.ts';
import { FILING } from '../support/api.ts';
import { POSTGRES_URL, postgresReachable, runSql } from '../support/postgres.ts';
import { type RunningServer, startServer } from '../support/server-process.ts';
import { SseClient } from '../support/sse.ts';

/** the public form's filing, as the service takes it */
const FILED = { ...FILING, answers: {} };

const reachable = await postgresReachable('live updates across server processes on PostgreSQL');

/** The server URL with a schema of its own as the search path (a server with DATABASE_URL takes the URL as it is). */
function inSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** Changes heard on a bus, and a way to wait for the next ones. */
function listen(bus: PgBus, topic: string) {
  const heard: Change[] = [];
  let wake: () => void = () => undefined;
  bus.subscribe(topic, (change) => {
    heard.push(change);
    wake();
  });
  return {
    heard,
    async until(count: number, timeoutMs = 5_000): Promise<Change[]> {
      const deadline = Date.now() + timeoutMs;
      while (heard.length < count) {
        if (Date.now() > deadline) throw new Error(`heard ${heard.length} changes, not ${count}, within ${timeoutMs} ms: ${JSON.stringify(heard)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return heard;
    },
  };
}

describe.skipIf(!reachable)('the PostgreSQL live bus', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let writer: PostgresStore;
  let reader: PostgresStore;
  let bus: PgBus | undefined;
  beforeAll(async () => {
    writer = new PostgresStore(POSTGRES_URL, { schema, poolSize: 2 });
    await writer.migrate();
    await seedDemoSites(writer);
    reader = new PostgresStore(POSTGRES_URL, { schema, poolSize: 2 });
  });
  afterEach(async () => {
    await bus?.close();
    bus = undefined;
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await runSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('hears the changes another process commits, only when they commit, and its own once', async () => {
    bus = await PgBus.start(reader);
    expect(bus.listening).toBe(true);
    expect(bus.channel).toMatch(/^complaint_changes:[0-9a-f]{16}$/);
    const site = listen(bus, 'site:demo-community');
    const elsewhere = new ComplaintDesk(writer);
    const here = new ComplaintDesk(reader, systemClock, bus);
    const community = await here.site('demo-community');

    const first = await elsewhere.file(community, FILED);
    const [heard] = await site.until(1);
    const state = (await reader.findByReference('demo-community', first.body.reference))!;
    expect(heard).toEqual({ siteKey: 'demo-community', complaintId: state.id, version: state.version, at: state.updatedAt });

    // a commit that is rolled back (here: its messages cannot be built) tells nobody anything
    const decision = decide(state, { type: 'accept', actor: { kind: 'staff', id: 'desk' } }, new Policies().for(community), new Date());
    if (!decision.ok) throw new Error(decision.rejection.message);
    const refused = await writer
      .commit({
        complaintId: state.id,
        expectedVersion: state.version,
        events: decision.events,
        outbox: () => {
          throw new Error('no messages');
        },
      })
      .catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    // a change made through this process is handed on at once, and not a second time by its NOTIFY
    await here.execute(community, state.id, { type: 'accept' }, { kind: 'staff', id: 'desk' }, state.version);
    const second = await elsewhere.file(community, FILED);
    const secondState = (await reader.findByReference('demo-community', second.body.reference))!;
    await site.until(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(site.heard.map((c) => [c.complaintId, c.version])).toEqual([
      [state.id, state.version],
      [state.id, (await reader.getComplaint(state.id))!.version],
      [secondState.id, secondState.version],
    ]);
  });

  it('connects again after its connection is cut, tells its listeners to look for what they missed, and hears later changes', async () => {
    bus = await PgBus.start(reader, { retryMs: 20 });
    let resyncs = 0;
    bus.onResync(() => (resyncs += 1));
    const site = listen(bus, 'site:demo-community');
    const cut = bus.backendPid!;
    await runSql(`SELECT pg_terminate_backend(${cut})`);
    const deadline = Date.now() + 5_000;
    while (resyncs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resyncs).toBe(1);
    expect(bus.listening).toBe(true);
    expect(bus.backendPid).not.toBe(cut);

    const elsewhere = new ComplaintDesk(writer);
    await elsewhere.file(await elsewhere.site('demo-community'), FILED);
    expect(await site.until(1)).toHaveLength(1);
  });

  it('refuses to start, holding nothing open, when the database cannot be reached', async () => {
    const nowhere = new PostgresStore('postgres://postgres@127.0.0.1:1/test');
    await expect(PgBus.start(nowhere)).rejects.toThrow(/cannot listen for changes on PostgreSQL at 127\.0\.0\.1:1\/test/);
    await nowhere.close();
  });
});

describe.skipIf(!reachable)('two server processes on one PostgreSQL', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const site = 'demo-community';
  let a: RunningServer;
  let b: RunningServer;
  let store: PostgresStore;
  let token: string;
  const streams: SseClient[] = [];
  const latencies: Record<string, number> = {};

  const staff = (server: RunningServer, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}/api/v1/staff/sites/${site}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const file = async (server: RunningServer) => {
    const response = await fetch(`${server.url}/api/v1/sites/${site}/complaints`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(FILING),
    });
    expect(response.status).toBe(201);
    const filed = (await response.json()) as { reference: string; accessCode: string };
    const state = (await store.findByReference(site, filed.reference))!;
    return { ...filed, id: state.id, version: state.version, at: state.updatedAt };
  };
  const staffStream = async (server: RunningServer) => {
    const stream = await SseClient.open(`${server.url}/api/v1/staff/sites/${site}/live`, { Authorization: `Bearer ${token}` });
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'ready');
    return stream;
  };

  beforeAll(async () => {
    await runSql(`CREATE SCHEMA ${schema}`);
    const url = inSchema(POSTGRES_URL, schema);
    // the test files from one address, more often than the public intake lets one address do
    const env = { DATABASE_URL: url, RATE_LIMITS: 'off', POW_DIFFICULTY: '0', POW_MAX_DIFFICULTY: '0' };
    // one after the other: the first migrates and seeds, the second finds it done
    a = await startServer(env);
    b = await startServer(env);
    store = new PostgresStore(POSTGRES_URL, { schema, poolSize: 2 });
    const auth = new StaffAuth(store, systemClock);
    const user = await auth.createUser({
      email: 'desk@example.cn',
      name: '前台',
      password: 'correct horse battery staple',
      memberships: [{ site, roles: ['front-desk'], departments: [] }],
    });
    token = (await auth.createToken(user, 'live test')).token;
  }, 90_000);
  afterAll(async () => {
    await Promise.all(streams.map((s) => s.close()));
    await Promise.all([a?.stop(), b?.stop()]);
    await store?.close();
    await runSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    if (Object.keys(latencies).length) process.stderr.write(`process A to an SSE client of process B, ms: ${JSON.stringify(latencies)}\n`);
  });

  it('tells a staff stream on one process of a complaint filed on the other, within a second', async () => {
    const onB = await staffStream(b);
    const sent = performance.now();
    const filed = await file(a);
    const event = await onB.waitForChange((c) => c.complaintId === filed.id);
    latencies.filing = Math.round(event.receivedAt - sent);
    expect(JSON.parse(event.data)).toEqual({ complaintId: filed.id, version: filed.version, at: filed.at });
    expect(event.receivedAt - sent).toBeLessThan(1000);
  }, 30_000);

  it('tells the staff stream and the complainant’s stream on one process of a staff command on the other, within a second', async () => {
    const filed = await file(a);
    const onB = await staffStream(b);
    const ticket = (await (
      await fetch(`${b.url}/api/v1/sites/${site}/complaints/${filed.reference}/live-token`, { method: 'POST', headers: { 'X-Access-Code': filed.accessCode } })
    ).json()) as { token: string };
    const complainant = await SseClient.open(`${b.url}/api/v1/sites/${site}/complaints/${filed.reference}/live?token=${encodeURIComponent(ticket.token)}`);
    streams.push(complainant);
    const ready = await complainant.waitFor((e) => e.event === 'ready');
    const version = JSON.parse(ready.data).version as number;

    const sent = performance.now();
    const answer = await staff(a, 'POST', `/complaints/${filed.id}/commands`, { expectedVersion: version, command: { type: 'accept' } });
    expect(answer.status).toBe(200);
    const accepted = ((await answer.json()) as { version: number }).version;
    expect(accepted).toBeGreaterThan(version);
    const [toStaff, toComplainant] = await Promise.all([
      onB.waitForChange((c) => c.complaintId === filed.id && c.version === accepted),
      complainant.waitForChange((c) => c.version === accepted),
    ]);
    latencies.commandToStaff = Math.round(toStaff.receivedAt - sent);
    latencies.commandToComplainant = Math.round(toComplainant.receivedAt - sent);
    expect(toStaff.receivedAt - sent).toBeLessThan(1000);
    expect(toComplainant.receivedAt - sent).toBeLessThan(1000);
    expect(toComplainant.id).toBe(String(accepted));
  }, 30_000);

  it('keeps a stream on a process whose listening connection was cut: what was committed meanwhile arrives, and later changes within a second', async () => {
    const onB = await staffStream(b);
    const logged = b.logs.length;
    const cut = await cutListener(b);
    expect(cut).toBe(1);
    // filed while B may not be listening: B hears it, or finds it in the store once it listens again
    const during = await file(a);
    await onB.waitForChange((c) => c.complaintId === during.id, 10_000);
    await waitForLog(b, logged, 'live bus: listening again');
    expect(b.logs.slice(logged).some((l) => l.msg === 'live bus: lost the connection to PostgreSQL; connecting again')).toBe(true);

    const sent = performance.now();
    const after = await file(a);
    const event = await onB.waitForChange((c) => c.complaintId === after.id);
    latencies.afterReconnect = Math.round(event.receivedAt - sent);
    expect(event.receivedAt - sent).toBeLessThan(1000);
  }, 30_000);
});

/** Ends the listening connection of a server process, as a database restart or a network cut would; how many were ended. */
async function cutListener(server: RunningServer): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ cut: boolean }>('SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1', [
      `${LISTENER_NAME} ${server.process.pid}`,
    ]);
    return rows.filter((r) => r.cut).length;
  } finally {
    await client.end();
  }
}

async function waitForLog(server: RunningServer, from: number, msg: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.logs.slice(from).some((l) => l.msg === msg)) {
    if (Date.now() > deadline) throw new Error(`the server did not log "${msg}" within ${timeoutMs} ms; it logged ${JSON.stringify(server.logs.slice(from))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
