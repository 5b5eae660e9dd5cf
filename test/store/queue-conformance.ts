import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verify } from '../../api/admin/record.ts';
import type { Channel, Complainant, Place } from '../../api/contract/complaint.ts';
import type { Actor } from '../../api/contract/events.ts';
import type { Site } from '../../api/contract/site.ts';
import { DEMO_SITES } from '../../api/seed/demo-sites.ts';
import { Policies } from '../../api/service/policies.ts';
import { BadCursor } from '../../api/store/cursor.ts';
import { type ProjectionRow, foldText, projectionRow } from '../../api/store/projection.ts';
import type { ListPage, ListQuery, Store } from '../../api/store/store.ts';
import type { Command } from '../../api/workflow/commands.ts';
import { decide } from '../../api/workflow/lifecycle.ts';
import type { ComplaintState } from '../../api/workflow/state.ts';
import type { StoreUnderTest } from './conformance.ts';

const policies = new Policies();
const site = (key: string): Site => DEMO_SITES.find((s) => s.key === key)!;
const COMMUNITY = 'demo-community';

const T0 = new Date('2026-11-02T02:00:00Z'); // Monday 10:00 in Shanghai
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const HOUR = 60;
const DAY = 24 * HOUR;
/** what "overdue" is measured against in every query here */
const NOW = at(3 * DAY).toISOString();

interface Filing {
  site?: string;
  category: string;
  channel: Channel;
  description: string;
  minutes: number;
  place?: Place;
  answers?: Record<string, string>;
  complainant?: Complainant | null;
  subject?: string;
  /** what happens next: a command, and when (minutes from T0) */
  then?: [Command, number][];
}

const staff: Actor = { kind: 'staff', id: 'desk-1' };
const system: Actor = { kind: 'system' };
const complainant: Actor = { kind: 'complainant' };
const raise: Command = { type: 'raise-deadlines' };
const wang = { name: '王芳', phone: '138 0000 4220', email: 'WangFang@Example.cn' };

/**
 * The queue's complaints, by letter. Their clocks at NOW (three days after T0): A resolve,
 * B investigate (not yet due), C and D breached, E on site past due but never raised, F paused,
 * H withdrawn, I and J acknowledge (not yet due).
 */
const FILINGS: Record<string, Filing> = {
  A: {
    category: 'facilities', channel: 'phone', description: '7号楼电梯停了三天', minutes: 0,
    place: { unit: '7-3', room: '502' }, complainant: wang,
    then: [[{ type: 'accept' }, 10], [{ type: 'dispatch', department: 'engineering', assignee: 'li-gong' }, 20], [{ type: 'start-investigation' }, 30]],
  },
  B: {
    category: 'service-quality', channel: 'web', description: 'The STREET light at Gate 2 is broken', minutes: HOUR,
    complainant: { name: 'John Smith', email: 'john@example.com' },
    then: [[{ type: 'accept' }, 2 * DAY - 10], [{ type: 'dispatch', department: 'customer-service', assignee: 'zhang-san' }, 2 * DAY]],
  },
  C: { category: 'environment', channel: 'wechat', description: '垃圾桶满了没人清理', minutes: 2 * HOUR, complainant: null, then: [[raise, 2 * DAY]] },
  D: {
    category: 'repair-water-electric', channel: 'phone', description: '水管漏水,100%需要马上修', minutes: 3 * HOUR,
    answers: { 'still-happening': 'yes' }, complainant: { phone: '139-1111-2222' }, then: [[raise, 3 * HOUR + 20]],
  },
  E: { category: 'repair-water-electric', channel: 'walk-in', description: '楼道灯坏了', minutes: 4 * HOUR, then: [[{ type: 'accept' }, 4 * HOUR + 5]] },
  F: {
    category: 'activities', channel: 'email', description: '活动室太吵', minutes: 5 * HOUR,
    then: [[{ type: 'request-information', question: '几点钟?' }, 5 * HOUR + 30]],
  },
  G: { site: 'demo-hotel', category: 'room', channel: 'phone', description: '房间空调坏了,电梯也停了', minutes: HOUR },
  H: {
    category: 'other', channel: 'walk-in', description: '保安态度不好', minutes: 6 * HOUR, subject: '保安张三',
    then: [[{ type: 'withdraw' }, 7 * HOUR]],
  },
  I: { category: 'facilities', channel: 'web', description: 'Water leaking in the car_park', minutes: 2 * DAY + 12 * HOUR },
  J: { category: 'facilities', channel: 'phone', description: '电梯按钮失灵', minutes: 2 * DAY + HOUR, place: { address: '阳光花园东门' } },
};

function decided(state: ComplaintState | null, command: Parameters<typeof decide>[1], siteKey: string, minutes: number) {
  const decision = decide(state, command, policies.for(site(siteKey)), at(minutes));
  if (!decision.ok) throw new Error(`${command.type}: ${decision.rejection.message}`);
  return decision.events;
}

/** Files and moves on every complaint through the store, as the service would. */
async function fill(store: Store): Promise<Map<string, ComplaintState>> {
  const states = new Map<string, ComplaintState>();
  for (const [key, f] of Object.entries(FILINGS)) {
    const siteKey = f.site ?? COMMUNITY;
    const complaintId = randomUUID();
    const file = {
      type: 'file', actor: f.channel === 'web' ? complainant : staff, complaintId, siteKey,
      reference: `Q${key}-${complaintId.slice(0, 6)}`, accessCodeHash: 'a'.repeat(64), channel: f.channel,
      category: f.category, description: f.description, place: f.place ?? {}, answers: f.answers ?? {},
      complainant: f.complainant ?? null, language: 'zh-Hans', ...(f.subject ? { subject: f.subject } : {}),
    } as const;
    let result = await store.commit({ complaintId, expectedVersion: 0, events: decided(null, file, siteKey, f.minutes) });
    for (const [command, minutes] of f.then ?? []) {
      if (!result.ok) break;
      const actor = command.type === 'raise-deadlines' ? system : staff;
      const events = decided(result.state, { ...command, actor } as Parameters<typeof decide>[1], siteKey, minutes);
      result = await store.commit({ complaintId, expectedVersion: result.state.version, events });
    }
    if (!result.ok) throw new Error(`${key}: ${result.reason}`);
    states.set(key, result.state);
  }
  return states;
}

type Filter = Omit<ListQuery, 'siteKey' | 'sort' | 'limit' | 'cursor' | 'now'> & { siteKey?: string };

/** The queue's meaning, written plainly over the projected rows: what the stores must agree with. */
function oracle(rows: ProjectionRow[], filter: Filter, sort: ListQuery['sort']): ProjectionRow[] {
  const any = (values: readonly string[] | undefined, value: string | null) => !values || values.includes(value as string);
  const overdue = (r: ProjectionRow) => r.breached || (r.due_at !== null && r.due_at < NOW);
  const words = foldText(filter.text ?? '').split(/\s+/).filter(Boolean);
  const found = (r: ProjectionRow, word: string) =>
    r.search_text.includes(word) || (filter.textIncludesIdentity === true && r.search_identity.includes(word));
  const matching = rows.filter(
    (r) =>
      r.site_key === (filter.siteKey ?? COMMUNITY) && any(filter.statuses, r.status) && any(filter.stages, r.stage) &&
      any(filter.categories, r.category) && any(filter.departments, r.department) && any(filter.priorities, r.priority) &&
      any(filter.channels, r.channel) && (filter.assignee === undefined || r.assignee === filter.assignee) &&
      (filter.overdue === undefined || overdue(r) === filter.overdue) &&
      (filter.dueBefore === undefined || (r.due_at !== null && r.due_at <= filter.dueBefore)) &&
      (filter.registeredFrom === undefined || r.registered_at >= filter.registeredFrom) &&
      (filter.registeredTo === undefined || r.registered_at < filter.registeredTo) &&
      words.every((word) => found(r, word)),
  );
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const order: Record<ListQuery['sort'], (a: ProjectionRow, b: ProjectionRow) => number> = {
    due: (a, b) => cmp(a.due_at ?? '~', b.due_at ?? '~') || cmp(a.registered_at, b.registered_at) || cmp(a.id, b.id),
    registered: (a, b) => cmp(a.registered_at, b.registered_at) || cmp(a.id, b.id),
    '-registered': (a, b) => cmp(b.registered_at, a.registered_at) || cmp(b.id, a.id),
    '-updated': (a, b) => cmp(b.updated_at, a.updated_at) || cmp(b.id, a.id),
  };
  return matching.sort(order[sort]);
}

const SORTS: ListQuery['sort'][] = ['due', 'registered', '-registered', '-updated'];

/** Every page of a query, following the cursors. */
async function allPages(store: Store, filter: Filter, sort: ListQuery['sort'], limit: number): Promise<ListPage[]> {
  const pages: ListPage[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listComplaints({ siteKey: COMMUNITY, ...filter, sort, limit, now: NOW, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 50);
  return pages;
}

/**
 * What every store's queue must answer, whatever it keeps its data in: the same complaints in the
 * same order with the same counts. Each implementation runs this suite (test/store/queue-*.test.ts).
 */
export function queueConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} queue`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    let states: Map<string, ComplaintState>;
    let rows: ProjectionRow[];
    const letters = (items: ComplaintState[]) => items.map((s) => s.reference.slice(1, 2)).join('');
    const list = async (filter: Filter, sort: ListQuery['sort'] = 'registered') =>
      store.listComplaints({ siteKey: COMMUNITY, ...filter, sort, limit: 100, now: NOW });
    const found = async (filter: Filter) => letters((await list(filter)).items);

    beforeAll(async () => {
      subject = await open();
      store = subject.store;
      await store.migrate();
      for (const s of DEMO_SITES) await store.putSite(s, T0);
      states = await fill(store);
      rows = [...states.values()].map(projectionRow);
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('projects the clock due soonest, its stage, breaches and folded text', async () => {
      const byLetter = (key: string) => projectionRow(states.get(key)!);
      expect(['A', 'B', 'C', 'D', 'E', 'F', 'H', 'I', 'J'].map((k) => byLetter(k).stage)).toEqual([
        'resolve', 'investigate', 'acknowledge', 'onSite', 'onSite', null, null, 'acknowledge', 'acknowledge',
      ]);
      expect(byLetter('D')).toMatchObject({ breached: true, due_at: states.get('D')!.clocks.onSite!.dueAt });
      expect(byLetter('E')).toMatchObject({ breached: false });
      expect(byLetter('F').due_at).toBeNull();
      expect(byLetter('A').search_identity).toBe('王芳\n138 0000 4220\n13800004220\nwangfang@example.cn');
      expect(byLetter('H').search_text).toContain('保安张三');
      expect(await store.readModelSnapshot()).toEqual(expect.arrayContaining(rows.map((r) => JSON.parse(JSON.stringify(r)))));
    });

    it('applies each filter alone', async () => {
      expect(await found({})).toBe('ABCDEFHJI');
      expect(await found({ siteKey: 'demo-hotel' })).toBe('G');
      expect(await found({ statuses: ['registered', 'awaiting-information'] })).toBe('CDFJI');
      expect(await found({ stages: ['onSite'] })).toBe('DE');
      expect(await found({ categories: ['facilities'] })).toBe('AJI');
      expect(await found({ departments: ['engineering'] })).toBe('ADEJI');
      expect(await found({ priorities: ['high', 'low'] })).toBe('DEF');
      expect(await found({ channels: ['web'] })).toBe('BI');
      expect(await found({ assignee: 'li-gong' })).toBe('A');
      expect(await found({ overdue: true })).toBe('CDE');
      expect(await found({ overdue: false })).toBe('ABFHJI');
      // due at this very instant is not overdue yet
      const eDue = states.get('E')!.clocks.onSite!.dueAt;
      const atDue = await store.listComplaints({ siteKey: COMMUNITY, overdue: true, sort: 'registered', limit: 9, now: eDue });
      expect(letters(atDue.items)).toBe('CD');
      expect(await found({ dueBefore: at(DAY).toISOString() })).toBe('DE');
      expect(await found({ dueBefore: states.get('D')!.clocks.onSite!.dueAt })).toBe('D');
      expect(await found({ registeredFrom: at(HOUR).toISOString(), registeredTo: at(5 * HOUR).toISOString() })).toBe('BCDE');
      // a time with an offset means the same instant
      expect(await found({ registeredFrom: '2026-11-02T11:00:00+08:00' })).toBe('BCDEFHJI');
      expect(await found({ statuses: [] })).toBe('');
    });

    it('combines filters, all of them narrowing', async () => {
      expect(await found({ departments: ['engineering'], statuses: ['registered', 'accepted'], overdue: true })).toBe('DE');
      expect(await found({ categories: ['repair-water-electric'], overdue: false })).toBe('');
      expect(await found({ channels: ['phone'], text: '电梯' })).toBe('AJ');
      expect(await found({ stages: ['acknowledge'], overdue: false, registeredFrom: at(DAY).toISOString() })).toBe('JI');
    });

    it('searches words of any length in Chinese, and English without regard to case', async () => {
      expect(await found({ text: '梯' })).toBe('AJ');
      expect(await found({ text: '电梯' })).toBe('AJ');
      expect(await found({ text: '电梯停' })).toBe('A');
      expect(await found({ text: '电梯停了三天' })).toBe('A');
      expect(await found({ text: 'street LIGHT' })).toBe('B');
      expect(await found({ text: 'Ｓｔｒｅｅｔ' })).toBe('B');
      expect(await found({ text: '电梯 三天' })).toBe('A');
      expect(await found({ text: '电梯 street' })).toBe('');
      expect(await found({ text: '7-3' })).toBe('A');
      // at the very end of the text, and of a field
      expect(await found({ text: '清理' })).toBe('C');
      expect(await found({ text: '理' })).toBe('C');
      expect(await found({ text: '三天' })).toBe('A');
      expect(await found({ text: '东门' })).toBe('J');
      expect(await found({ text: '张三' })).toBe('H');
      expect(await found({ text: states.get('C')!.reference })).toBe('C');
    });

    it('searches the complainant only when asked to', async () => {
      expect(await found({ text: '王芳' })).toBe('');
      expect(await found({ text: '王芳', textIncludesIdentity: true })).toBe('A');
      expect(await found({ text: '13800004220', textIncludesIdentity: true })).toBe('A');
      expect(await found({ text: '1111', textIncludesIdentity: true })).toBe('D');
      expect(await found({ text: 'wangfang@EXAMPLE', textIncludesIdentity: true })).toBe('A');
      expect(await found({ text: 'cn', textIncludesIdentity: true })).toBe('A');
      expect(await found({ text: 'smith broken', textIncludesIdentity: true })).toBe('B');
      expect(await found({ text: 'smith', textIncludesIdentity: false })).toBe('');
    });

    it('takes LIKE wildcards and search syntax literally', async () => {
      expect(await found({ text: '%' })).toBe('D');
      expect(await found({ text: '100%' })).toBe('D');
      expect(await found({ text: '_' })).toBe('I');
      expect(await found({ text: 'r_p' })).toBe('I');
      expect(await found({ text: 'car%park' })).toBe('');
      expect(await found({ text: '\\' })).toBe('');
      expect(await found({ text: '"street" OR NEAR(' })).toBe('');
      expect(await found({ text: 'street" OR "water' })).toBe('');
    });

    it.each(SORTS)('sorts by %s and pages through all of it, without gaps or repeats', async (sort) => {
      for (const filter of [{}, { overdue: false }, { text: '电梯' }, { departments: ['engineering'], statuses: ['registered', 'accepted', 'dispatched'] }] as Filter[]) {
        const want = oracle(rows, filter, sort).map((r) => r.id);
        for (const limit of [1, 2, 3, 100]) {
          const pages = await allPages(store, filter, sort, limit);
          expect(pages.flatMap((p) => p.items.map((s) => s.id))).toEqual(want);
          expect(pages.map((p) => p.items.length)).toEqual(pages.map((_, i) => Math.min(limit, want.length - i * limit)));
          expect(pages.at(-1)!.nextCursor).toBeNull();
          for (const page of pages) expect(page.total).toBe(want.length);
        }
      }
    });

    it('puts the complaints without a deadline last in the due order', async () => {
      expect(letters((await list({}, 'due')).items)).toBe('DECJIBAFH');
    });

    it('counts the whole query, the overdue in it, and every status without the status filter', async () => {
      const page = await store.listComplaints({
        siteKey: COMMUNITY, departments: ['engineering'], statuses: ['registered'], sort: 'due', limit: 1, now: NOW,
      });
      expect(letters(page.items)).toBe('D');
      expect(page).toMatchObject({ total: 3, overdue: 1, byStatus: { registered: 3, accepted: 1, investigating: 1 } });
      expect(Object.keys(page.byStatus)).toHaveLength(3);
      const everything = await list({});
      expect(everything).toMatchObject({ total: 9, overdue: 3 });
      expect(everything.byStatus).toEqual({
        registered: 4, 'awaiting-information': 1, accepted: 1, dispatched: 1, investigating: 1, withdrawn: 1,
      });
      expect(await list({ overdue: true, statuses: ['accepted'] })).toMatchObject({ total: 1, overdue: 1, byStatus: { registered: 2, accepted: 1 } });
    });

    it('agrees with the plain meaning of the queue on combined queries', async () => {
      const filters: Filter[] = [
        { priorities: ['normal'], overdue: false, text: 'e' },
        { stages: ['acknowledge', 'onSite'], channels: ['phone', 'wechat', 'walk-in'] },
        { dueBefore: at(4 * DAY).toISOString(), registeredTo: at(3 * HOUR).toISOString() },
        { text: '了', textIncludesIdentity: true, overdue: true },
        { categories: ['facilities', 'environment'], statuses: ['registered'], registeredFrom: at(HOUR).toISOString() },
      ];
      for (const filter of filters) {
        for (const sort of SORTS) {
          const want = oracle(rows, filter, sort);
          const page = await list(filter, sort);
          expect(page.items.map((s) => s.id)).toEqual(want.map((r) => r.id));
          expect(page.overdue).toBe(want.filter((r) => r.breached || (r.due_at !== null && r.due_at < NOW)).length);
        }
      }
    });

    it('refuses a cursor it did not make, or made for another order', async () => {
      const first = await list({}, 'due');
      expect(first.nextCursor).toBeNull();
      const { nextCursor } = await store.listComplaints({ siteKey: COMMUNITY, sort: 'due', limit: 2, now: NOW });
      const cursors = [
        'not a cursor', '!!!', 'e30', Buffer.from('[1,2').toString('base64url'), Buffer.from('["due",1,2,3]').toString('base64url'),
        Buffer.from('["due","a","b"]').toString('base64url'), Buffer.from('["registered",null,"x"]').toString('base64url'),
      ];
      for (const cursor of cursors) {
        await expect(store.listComplaints({ siteKey: COMMUNITY, sort: 'due', limit: 2, now: NOW, cursor })).rejects.toThrow(BadCursor);
      }
      await expect(store.listComplaints({ siteKey: COMMUNITY, sort: 'registered', limit: 2, now: NOW, cursor: nextCursor! })).rejects.toThrow(
        /sort=due/,
      );
    });
  });

  describe(`${name} queue, as complaints change`, () => {
    let subject: StoreUnderTest;
    let store: Store;
    let states: Map<string, ComplaintState>;
    const search = async (text: string, textIncludesIdentity = false) =>
      (await store.listComplaints({ siteKey: COMMUNITY, text, textIncludesIdentity, sort: 'registered', limit: 20, now: NOW })).items.map((s) => s.id);
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      await store.migrate();
      for (const s of DEMO_SITES) await store.putSite(s, T0);
      states = await fill(store);
    });
    afterEach(async () => {
      await subject.close();
    });

    it('finds a short word followed by many different characters', async () => {
      // "x" followed by seventy different characters: too many trigrams to ask for one by one
      const description = Array.from({ length: 70 }, (_, i) => `x${String.fromCodePoint(0x4e00 + i)}`).join(' ');
      const complaintId = randomUUID();
      const file = {
        type: 'file', actor: staff, complaintId, siteKey: COMMUNITY, reference: 'QK-1', accessCodeHash: 'a'.repeat(64), channel: 'phone',
        category: 'other', description, place: {}, answers: {}, complainant: null, language: 'zh-Hans',
      } as const;
      expect((await store.commit({ complaintId, expectedVersion: 0, events: decided(null, file, COMMUNITY, DAY) })).ok).toBe(true);
      expect(await search('x')).toEqual([complaintId]);
      expect(await search('X 一')).toEqual([complaintId]);
      expect(await search('x', true)).toEqual([states.get('A')!.id, states.get('B')!.id, complaintId]);
      expect(await search('x一 x丁')).toEqual([complaintId]);
      expect(await search('xy')).toEqual([]);
    });

    it('fills the queue of complaints stored before its migration', async () => {
      const columns = ['due_at', 'stage', 'breached', 'search_text', 'search_identity'];
      const indexes = ['due', 'registered', 'updated', 'status'].map((i) => `complaints_queue_${i}`);
      // back to the schema before 004 (and 006, which builds on it), the complaints still there
      await subject.raw(
        store.kind === 'sqlite'
          ? [
              ...['pending_insert', 'pending_update', 'delete'].map((t) => `DROP TRIGGER complaints_search_${t}`),
              'DROP TABLE search_pending', 'DELETE FROM schema_migrations WHERE version IN (6, 7)',
              'DROP TABLE complaints_search_terms', 'DROP TABLE complaints_search',
              ...indexes.map((i) => `DROP INDEX ${i}`), ...columns.map((c) => `ALTER TABLE complaints DROP COLUMN ${c}`),
              'DELETE FROM schema_migrations WHERE version = 4',
            ].join(';\n')
          : `DROP INDEX ${indexes.join(', ')}; ALTER TABLE complaints ${columns.map((c) => `DROP COLUMN ${c}`).join(', ')};
             DELETE FROM schema_migrations WHERE version IN (4, 6)`,
      );
      expect((await store.migrate()).map((m) => m.version)).toEqual(expect.arrayContaining([4, 6]));
      expect(await verify({ store, options: {}, out: () => {} })).toBe(0);
      expect(await search('电梯')).toEqual([states.get('A')!.id, states.get('J')!.id]);
      expect(await search('王芳', true)).toEqual([states.get('A')!.id]);
      const due = await store.listComplaints({ siteKey: COMMUNITY, overdue: true, sort: 'due', limit: 9, now: NOW });
      expect(due.items.map((s) => s.reference.slice(1, 2)).join('')).toBe('DEC');
    });

    it('keeps the search in step with corrections and rebuilds, and the record verifies', async () => {
      const j = states.get('J')!;
      const events = decided(j, { type: 'correct', field: 'description', value: '门禁卡失效', reason: '记错了', actor: staff }, COMMUNITY, 3 * DAY);
      expect((await store.commit({ complaintId: j.id, expectedVersion: j.version, events })).ok).toBe(true);
      expect(await search('门禁卡')).toEqual([j.id]);
      expect(await search('电梯按钮')).toEqual([]);
      const said: string[] = [];
      expect(await verify({ store, options: {}, out: (line) => said.push(line) })).toBe(0);
      const before = await store.readModelSnapshot();
      expect((await store.rebuildReadModel()).complaints).toBe(Object.keys(FILINGS).length);
      expect(await store.readModelSnapshot()).toEqual(before);
      expect(await search('门禁卡')).toEqual([j.id]);
      expect(await search('电梯停')).toEqual([states.get('A')!.id]);
      expect(await search('电梯按钮')).toEqual([]);
      expect(await verify({ store, options: {}, out: (line) => said.push(line) })).toBe(0);
      expect(said.at(-1)).toMatch(/^verified 10 complaints/);
    });
  });
}
