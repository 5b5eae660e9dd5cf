import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel } from '../api/contract/complaint.ts';
import type { Actor, NewEvent, StoredEvent } from '../api/contract/events.ts';
import { DEMO_SITES } from '../api/seed/demo-sites.ts';
import { Policies } from '../api/service/policies.ts';
import { SqliteStore } from '../api/store/sqlite.ts';
import type { ListQuery } from '../api/store/store.ts';
import type { Command } from '../api/workflow/commands.ts';
import { decide, evolve } from '../api/workflow/lifecycle.ts';
import type { ComplaintState } from '../api/workflow/state.ts';

export interface QueueFigures {
  complaints: number;
  fillSeconds: number;
  cases: { name: string; medianMs: number; p95Ms: number }[];
}

const site = DEMO_SITES.find((s) => s.key === 'demo-community')!;
const policy = new Policies().for(site);
const DAY = 86_400_000;
/** the end of the year the complaints were filed over, and what "overdue" is measured against */
const NOW = new Date('2026-11-02T02:00:00Z');
const START = new Date(NOW.getTime() - 365 * DAY);
const RUNS = 20;
/** commits handed to the store at once; it groups them into transactions itself */
const BATCH = 500;

const CATEGORIES = ['service-quality', 'facilities', 'repair-water-electric', 'environment', 'activities', 'other'];
const DEPARTMENTS = ['customer-service', 'engineering', 'security', 'environment', 'activities'];
const CHANNELS: Channel[] = ['web', 'phone', 'walk-in', 'wechat', 'email', 'letter'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const ASSIGNEES = ['li-gong', 'zhang-san', 'wang-wu', 'zhao-liu', 'chen-qi', 'sun-ba'];
const PROBLEMS = [
  '电梯停了,老人上下楼很困难', '楼道灯坏了一周,晚上很黑', '水管漏水,楼下天花板湿了', '垃圾桶满了没人清理',
  '楼上装修噪音太大', '停车位被外来车辆占用', '门禁卡失效,进不了单元门', '物业费账单有疑问',
  '绿化带杂草没人修剪', '快递柜屏幕坏了', 'The gate barrier at the car park is stuck', 'Street light near block 3 flickers',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵'];

/** A small seeded generator: every run fills a queue of the same mix (the ids differ). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One complaint's whole history, decided by the workflow and folded here, committed at once. */
function history(i: number, next: () => number): { complaintId: string; events: NewEvent[] } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const complaintId = randomUUID();
  let at = START.getTime() + Math.floor(next() * 365 * DAY);
  let state: ComplaintState | null = null;
  const events: NewEvent[] = [];
  const act = (command: Command, actor: Actor = { kind: 'staff', id: pick(ASSIGNEES) }, minutes = 5 + next() * 600): boolean => {
    const when = Math.min(at + minutes * 60_000, NOW.getTime() - 1000);
    const decision = decide(state, { ...command, actor } as Parameters<typeof decide>[1], policy, new Date(when));
    if (!decision.ok) return false;
    at = when;
    for (const event of decision.events) {
      state = evolve(state, { ...event, complaintId, seq: (state?.version ?? 0) + 1, prevHash: '', hash: '' } as StoredEvent);
    }
    events.push(...decision.events);
    return true;
  };
  act(
    {
      type: 'file', complaintId, siteKey: site.key, reference: `B${i.toString(36).toUpperCase().padStart(5, '0')}`,
      accessCodeHash: 'a'.repeat(64), channel: pick(CHANNELS), category: pick(CATEGORIES),
      description: `${1 + Math.floor(next() * 30)}号楼${1 + Math.floor(next() * 6)}单元${pick(PROBLEMS)}`,
      place: { unit: `${1 + Math.floor(next() * 30)}-${1 + Math.floor(next() * 6)}`, room: String(101 + Math.floor(next() * 1800)) },
      answers: {}, complainant: next() < 0.8 ? { name: `${pick(SURNAMES)}先生`, phone: `138 ${String(i).padStart(8, '0')}` } : null,
      language: 'zh-Hans',
    },
    { kind: 'staff', id: 'desk' },
    0,
  );
  // old complaints are mostly closed; the recent ones stand anywhere on their way
  const old = NOW.getTime() - at > 30 * DAY;
  const stop = old && next() < 0.85 ? 9 : Math.floor(next() * 7);
  if (next() < 0.3) act({ type: 'classify', severity: 'normal', priority: pick(PRIORITIES), vip: false });
  if (stop === 1) act({ type: 'request-information', question: '请补充具体位置' });
  if (stop >= 2) act({ type: 'accept' });
  if (stop >= 3) act({ type: 'dispatch', department: pick(DEPARTMENTS), assignee: pick(ASSIGNEES) });
  if (stop >= 4) act({ type: 'start-investigation' });
  if (stop >= 6) act({ type: 'resolve', result: '已处理', basis: '现场核实' }, undefined, 60 * 24 * next() * 5);
  if (stop >= 9) act({ type: 'close', outcome: 'resolved' });
  // the scheduler came by a while later and raised what was late by then
  if (next() < 0.6) act({ type: 'raise-deadlines' }, { kind: 'system' }, 60 * 24 * (1 + next() * 4));
  return { complaintId, events };
}

function figures(name: string, times: number[]): { name: string; medianMs: number; p95Ms: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { name, medianMs: round(sorted[Math.floor(sorted.length / 2)]!), p95Ms: round(sorted[Math.ceil(sorted.length * 0.95) - 1]!) };
}

/**
 * The staff queue on one site of many complaints (SQLite): how long a filtered, sorted page takes,
 * a later page, a text search and the counts of the whole site.
 */
export async function benchQueue(options: { complaints: number; progress(line: string): void }): Promise<QueueFigures> {
  const { complaints, progress } = options;
  const dir = mkdtempSync(join(tmpdir(), 'complaints-queue-bench-'));
  const store = new SqliteStore(join(dir, 'complaints.sqlite'));
  try {
    await store.migrate();
    await store.putSite(site, START);
    const next = random(20261102);
    const started = performance.now();
    for (let from = 0; from < complaints; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, complaints - from) }, (_, k) => history(from + k, next));
      const results = await Promise.all(batch.map(({ complaintId, events }) => store.commit({ complaintId, expectedVersion: 0, events })));
      const failed = results.find((r) => !r.ok);
      if (failed) throw new Error(`filling failed: ${JSON.stringify(failed)}`);
      if ((from + BATCH) % 10_000 === 0) progress(`queue: ${from + BATCH} complaints filed`);
    }
    const fillSeconds = Math.round((performance.now() - started) / 100) / 10;
    progress(`queue: ${complaints} complaints in ${fillSeconds} s; timing ${RUNS} runs of each case`);

    const base = { siteKey: site.key, now: NOW.toISOString(), limit: 25 } as const;
    const filtered: ListQuery = { ...base, departments: ['engineering'], statuses: ['registered', 'dispatched'], overdue: true, sort: 'due' };
    let later = filtered;
    for (let page = 0; page < 4; page += 1) {
      const { nextCursor } = await store.listComplaints(later);
      if (nextCursor) later = { ...filtered, cursor: nextCursor };
    }
    const cases: [string, ListQuery][] = [
      ['department + 2 statuses + overdue, sort=due, first page of 25', filtered],
      ['the same, fifth page via cursor', later],
      ['text search, a word of 3+ characters (trigram index), sort=-registered', { ...base, text: '门禁卡', sort: '-registered' }],
      ['text search, a 2-character word, sort=-registered', { ...base, text: '漏水', sort: '-registered' }],
      ['unfiltered: first page and the counts of the whole site, sort=-updated', { ...base, sort: '-updated' }],
    ];
    const results = [];
    for (const [name, query] of cases) {
      await store.listComplaints(query);
      const times: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const t = performance.now();
        await store.listComplaints(query);
        times.push(performance.now() - t);
      }
      results.push(figures(name, times));
      progress(`queue: ${name}: median ${results.at(-1)!.medianMs} ms`);
    }
    return { complaints, fillSeconds, cases: results };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
