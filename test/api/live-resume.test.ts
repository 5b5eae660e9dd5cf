import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../../api/contract/site.ts';
import { createApp } from '../../api/http/app.ts';
import { silentLogger } from '../../api/http/logger.ts';
import { LocalBus } from '../../api/notify/live.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk, systemClock } from '../../api/service/complaints.ts';
import { StaffAuth } from '../../api/service/staff-auth.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';
import { FILING } from '../support/api.ts';
import { type SseEvent, SseClient } from '../support/sse.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const FACILITIES = { ...FILING, answers: {} };
const ENVIRONMENT = { ...FILING, category: 'environment', answers: {} };

let dir: string;
let store: SqliteStore;
let bus: LocalBus;
let desk: ComplaintDesk;
/** changes made past the bus (another process, or while the bus was not listening): nobody hears of them */
let unheard: ComplaintDesk;
let site: Site;
let server: Server;
let origin: string;
let tokens: { desk: string; cleaner: string };
let streams: SseClient[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'complaints-live-'));
  store = new SqliteStore(join(dir, 'complaints.sqlite'));
  await store.migrate();
  await seedDemoSites(store);
  bus = new LocalBus();
  desk = new ComplaintDesk(store, systemClock, bus);
  unheard = new ComplaintDesk(store, systemClock, new LocalBus());
  site = await desk.site('demo-community');
  const app = createApp({ store, desk, logger: silentLogger });
  server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = new StaffAuth(store, systemClock);
  const token = async (email: string, roles: ('front-desk' | 'handler')[], departments: string[]) => {
    const user = await auth.createUser({ email, name: email.split('@')[0]!, password: 'correct horse battery staple', memberships: [{ site: site.key, roles, departments }] });
    return (await auth.createToken(user, 'live')).token;
  };
  tokens = { desk: await token('desk@example.cn', ['front-desk'], []), cleaner: await token('clean@example.cn', ['handler'], ['environment']) };
  streams = [];
});

afterEach(async () => {
  await Promise.all(streams.map((s) => s.close()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function siteStream(who: keyof typeof tokens, lastEventId?: string): Promise<SseClient> {
  const stream = await SseClient.open(`${origin}/api/v1/staff/sites/${site.key}/live`, {
    Authorization: `Bearer ${tokens[who]}`,
    ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
  });
  streams.push(stream);
  await stream.waitFor((e) => e.event === 'ready');
  return stream;
}

async function file(input: typeof FACILITIES | typeof ENVIRONMENT, through = desk) {
  const filed = await through.file(site, input);
  return { ...filed.body, id: (await store.findByReference(site.key, filed.body.reference))!.id };
}

const accept = async (id: string, through = desk) => {
  const state = (await store.getComplaint(id))!;
  return (await through.execute(site, id, { type: 'accept' }, { kind: 'staff', id: 'desk' }, state.version)).state.version;
};

const changesOf = (events: SseEvent[]) => events.filter((e) => e.event === 'changed').map((e) => JSON.parse(e.data) as { complaintId: string; version: number; at: string });

describe('a staff member’s site stream, resumed with Last-Event-ID', () => {
  it('starts with an id and a retry hint, and gives every change an id that never goes back', async () => {
    const stream = await siteStream('desk');
    const ready = stream.events[0]!;
    expect(ready.id).toMatch(ISO);
    expect(ready.retry).toBeGreaterThanOrEqual(1000);
    expect(ready.retry).toBeLessThan(3000);
    const lamp = await file(FACILITIES);
    const bins = await file(ENVIRONMENT);
    await stream.waitForChange((c) => c.complaintId === bins.id);
    const ids = stream.events.map((e) => e.id!);
    expect(ids.every((id) => ISO.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(changesOf(stream.events).map((c) => c.complaintId)).toEqual([lamp.id, bins.id]);
  });

  it('sends what was missed while away — filed and changed — and nothing the member may not see', async () => {
    const front = await siteStream('desk');
    const cleaner = await siteStream('cleaner');
    const lamp = await file(FACILITIES);
    const bins = await file(ENVIRONMENT);
    await front.waitForChange((c) => c.complaintId === bins.id);
    await cleaner.waitForChange((c) => c.complaintId === bins.id);
    const frontLast = front.lastEventId!;
    const cleanerLast = cleaner.lastEventId!;
    await front.close();
    await cleaner.close();

    // while nobody listens
    const road = await file(FACILITIES);
    const litter = await file(ENVIRONMENT);
    const binsAccepted = await accept(bins.id);

    const frontAgain = await siteStream('desk', frontLast);
    const cleanerAgain = await siteStream('cleaner', cleanerLast);
    // the stream goes on from where the client was, so a second break loses nothing either
    expect(frontAgain.events[0]!.id).toBe(frontLast);
    await frontAgain.waitForChange((c) => c.complaintId === bins.id && c.version === binsAccepted);
    const frontMissed = changesOf(frontAgain.events);
    expect(frontMissed).toEqual(expect.arrayContaining([
      { complaintId: road.id, version: expect.any(Number), at: expect.stringMatching(ISO) },
      { complaintId: litter.id, version: expect.any(Number), at: expect.stringMatching(ISO) },
    ]));

    // the cleaning department's handler hears of its own complaints only: the bins were changed last, so all of the catch-up is in
    await cleanerAgain.waitForChange((c) => c.complaintId === bins.id && c.version === binsAccepted);
    expect(changesOf(cleanerAgain.events).map((c) => c.complaintId)).toContain(litter.id);
    // and then live again, still only its own
    await accept(lamp.id);
    const litterAccepted = await accept(litter.id);
    await cleanerAgain.waitForChange((c) => c.complaintId === litter.id && c.version === litterAccepted);
    const heardByCleaner = changesOf(cleanerAgain.events).map((c) => c.complaintId);
    expect(heardByCleaner).not.toContain(lamp.id);
    expect(heardByCleaner).not.toContain(road.id);
    expect(new Set(heardByCleaner)).toEqual(new Set([bins.id, litter.id]));
  });

  it('ignores a Last-Event-ID it never gave out, and starts afresh', async () => {
    await file(FACILITIES);
    const stream = await siteStream('desk', 'not-an-id');
    expect(stream.events[0]!.id).toMatch(ISO);
    const bins = await file(ENVIRONMENT);
    // the first change it sends is the new one: nothing was replayed
    expect((await stream.waitFor((e) => e.event === 'changed')).data).toContain(bins.id);
  });

  it('looks in the store when the bus may have missed changes, and sends them', async () => {
    const stream = await siteStream('desk');
    const missed = await file(FACILITIES, unheard);
    bus.resync();
    const event = await stream.waitForChange((c) => c.complaintId === missed.id);
    expect(JSON.parse(event.data)).toEqual({ complaintId: missed.id, version: expect.any(Number), at: expect.stringMatching(ISO) });
  });

  it('tells a client that missed more than it can list to load everything again', async () => {
    const stream = await siteStream('desk');
    await file(FACILITIES);
    const last = (await stream.waitFor((e) => e.event === 'changed')).id!;
    await stream.close();
    for (let batch = 0; batch < 11; batch += 1) await Promise.all(Array.from({ length: 50 }, () => file(FACILITIES, unheard)));
    const again = await siteStream('desk', last);
    const resync = await again.waitFor((e) => e.event === 'resync');
    expect(changesOf(again.events)).toEqual([]);
    // from now on: a reconnect with this id is not sent the same flood again
    expect(resync.id! > last).toBe(true);
  }, 30_000);

  it('ends a stream whose bus missed more than it can list, after telling it to load everything again', async () => {
    const stream = await siteStream('desk');
    for (let batch = 0; batch < 11; batch += 1) await Promise.all(Array.from({ length: 50 }, () => file(FACILITIES, unheard)));
    bus.resync();
    const resync = await stream.waitFor((e) => e.event === 'resync');
    expect(resync.id).toMatch(ISO);
    // the browser reconnects by itself; the portal loads everything again on the new `ready`
    await stream.ended();
    expect(changesOf(stream.events)).toEqual([]);
  }, 30_000);
});

describe('a complainant’s stream, resumed with Last-Event-ID', () => {
  async function complaintStream(reference: string, accessCode: string, lastEventId?: string): Promise<SseClient> {
    const ticket = await fetch(`${origin}/api/v1/sites/${site.key}/complaints/${reference}/live-token`, { method: 'POST', headers: { 'X-Access-Code': accessCode } });
    expect(ticket.status).toBe(200);
    const { token } = (await ticket.json()) as { token: string };
    const stream = await SseClient.open(`${origin}/api/v1/sites/${site.key}/complaints/${reference}/live?token=${encodeURIComponent(token)}`, lastEventId ? { 'Last-Event-ID': lastEventId } : {});
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'ready');
    return stream;
  }

  it('sends the latest version at once to a client that is behind, and nothing to one that is not', async () => {
    const filed = await file(FACILITIES);
    const first = await complaintStream(filed.reference, filed.accessCode);
    const registered = JSON.parse(first.events[0]!.data).version as number;
    expect(first.events[0]!.id).toBe(String(registered));
    expect(first.events[0]!.retry).toBeGreaterThanOrEqual(1000);
    await first.close();

    const accepted = await accept(filed.id);
    const behind = await complaintStream(filed.reference, filed.accessCode, String(registered));
    const caughtUp = await behind.waitFor((e) => e.event === 'changed');
    expect(caughtUp.id).toBe(String(accepted));
    expect(JSON.parse(caughtUp.data)).toEqual({ version: accepted, at: expect.stringMatching(ISO) });
    await behind.close();

    const current = await complaintStream(filed.reference, filed.accessCode, String(accepted));
    const noted = (await desk.execute(site, filed.id, { type: 'add-note', note: '已派维修工', public: true }, { kind: 'staff', id: 'desk' }, accepted)).state.version;
    // the first change it hears is the new one
    expect(JSON.parse((await current.waitFor((e) => e.event === 'changed')).data).version).toBe(noted);
  });

  it('looks in the store when the bus may have missed a change', async () => {
    const filed = await file(FACILITIES);
    const stream = await complaintStream(filed.reference, filed.accessCode);
    const accepted = await accept(filed.id, unheard);
    bus.resync();
    expect((await stream.waitFor((e) => e.event === 'changed')).id).toBe(String(accepted));
  });
});
