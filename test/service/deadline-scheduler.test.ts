import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { DeadlineScheduler } from '../../api/service/deadline-scheduler.ts';
import { SqliteStore } from '../../api/store/sqlite.ts';

/** A clock the test moves by hand. */
class TestClock {
  time: Date;
  constructor(iso: string) {
    this.time = new Date(iso);
  }
  now = () => this.time;
  set(iso: string) {
    this.time = new Date(iso);
  }
}

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'complaints-scheduler-'));
  path = join(dir, 'complaints.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function open(clock: TestClock) {
  const store = new SqliteStore(path);
  await store.migrate();
  await seedDemoSites(store);
  const desk = new ComplaintDesk(store, clock);
  return { store, desk, scheduler: new DeadlineScheduler(store, desk, clock, silentLogger) };
}

const kinds = async (store: SqliteStore, id: string) => (await store.readEvents(id)).map((e) => e.type);

describe('the deadline scheduler', () => {
  it('raises each warning and breach once, on time, and catches up after a restart', async () => {
    // Monday 2 Nov 2026, 10:00 in Shanghai; a repair: on site within 15 minutes
    const clock = new TestClock('2026-11-02T02:00:00Z');
    let { store, desk, scheduler } = await open(clock);
    const site = await desk.site('demo-community');
    const filed = await desk.file(site, { category: 'repair-water-electric', description: '水管爆裂', place: {}, answers: {} });
    const id = (await desk.findByReference(site, filed.body.reference))!.id;

    clock.set('2026-11-02T02:11:00Z');
    expect(await scheduler.tick()).toBe(0);
    clock.set('2026-11-02T02:11:15Z'); // 75% of 15 minutes
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect((await kinds(store, id)).filter((k) => k.startsWith('deadline'))).toEqual(['deadline-warned']);

    // the server stops before the deadline and starts again well after it
    await store.close();
    clock.set('2026-11-02T05:00:00Z');
    ({ store, desk, scheduler } = await open(clock));
    expect(await scheduler.tick()).toBe(2); // the on-site breach and its escalation
    expect(await scheduler.tick()).toBe(0);
    // and a second scheduler, as after a crash mid-pass, finds nothing left to raise
    const second = new DeadlineScheduler(store, desk, clock, silentLogger);
    expect(await second.tick()).toBe(0);
    const raised = (await kinds(store, id)).filter((k) => k.startsWith('deadline') || k === 'escalated');
    expect(raised).toEqual(['deadline-warned', 'deadline-breached', 'escalated']);
    const messages = (await store.outboxMessages({ complaintId: id })).map((m) => [m.kind, m.recipient]);
    expect(messages).toContainEqual(['escalation', { kind: 'staff', who: 'property-manager' }]);
    expect(messages).toContainEqual(['deadline-breach', { kind: 'staff', who: 'property-manager' }]);
    await store.close();
  });

  it('runs by itself once started, and stops cleanly', async () => {
    const clock = new TestClock('2026-11-02T02:00:00Z');
    const { store, desk } = await open(clock);
    const site = await desk.site('demo-community');
    const filed = await desk.file(site, { category: 'fire', description: '车库冒烟', place: {}, answers: {} });
    const id = (await desk.findByReference(site, filed.body.reference))!.id;
    const scheduler = new DeadlineScheduler(store, desk, clock, silentLogger, 10);
    scheduler.start();
    clock.set('2026-11-02T02:03:00Z'); // fire: on site within 3 minutes
    for (let i = 0; i < 100 && !(await kinds(store, id)).includes('deadline-breached'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await scheduler.stop();
    expect(await kinds(store, id)).toContain('deadline-breached');
    await store.close();
  });
});
