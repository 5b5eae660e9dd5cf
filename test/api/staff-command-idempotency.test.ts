import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, countRows, startTestApi } from '../support/api.ts';
import { type Member, member } from '../support/staff.ts';

let api: TestApi;
let desk: Member;
let colleague: Member;
beforeEach(async () => {
  api = await startTestApi();
  desk = await member(api, 'desk@example.cn', [{ site: 'demo-bureau', roles: ['front-desk'] }, { site: 'demo-hotel', roles: ['front-desk'] }], '前台小李');
  colleague = await member(api, 'colleague@example.cn', [{ site: 'demo-bureau', roles: ['front-desk'] }], '前台小王');
});
afterEach(async () => {
  await api.close();
});

const base = '/api/v1/staff/sites/demo-bureau';

async function phoneIn(who: Member = desk, site = 'demo-bureau') {
  const response = await who.call('POST', `/api/v1/staff/sites/${site}/complaints`, {
    channel: 'phone',
    category: site === 'demo-bureau' ? 'conduct' : 'noise',
    description: '办事窗口工作人员态度蛮横,故意刁难。',
    place: site === 'demo-bureau' ? { address: '清河县政务服务中心' } : { room: '1208' },
    ...(site === 'demo-bureau' ? { answers: { subject: '窗口3号', 'conduct-kind': 'rude-enforcement' } } : {}),
  });
  expect(response.status).toBe(201);
  const filed = (await response.json()) as { id: string };
  const view = (await (await who.call('GET', `/api/v1/staff/sites/${site}/complaints/${filed.id}`)).json()) as { version: number };
  return { id: filed.id, version: view.version };
}

interface View {
  version: number;
  status: string;
  timeline: { type: string; data?: Record<string, unknown> }[];
}

const send = (who: Member, id: string, expectedVersion: number, command: unknown, key?: string, site = 'demo-bureau') =>
  who.call('POST', `/api/v1/staff/sites/${site}/complaints/${id}/commands`, { expectedVersion, command }, key ? { 'Idempotency-Key': key } : {});

const notes = (view: View) => view.timeline.filter((entry) => entry.type === 'note-added');

describe('staff commands with an Idempotency-Key', () => {
  it('carries a command out once; the same key again answers 200 with the complaint as it now stands', async () => {
    const filed = await phoneIn();
    const first = await send(desk, filed.id, filed.version, { type: 'accept', notice: '受理告知书' }, 'accept-key-0001');
    expect(first.status).toBe(200);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const accepted = (await first.json()) as View;
    expect(accepted.status).toBe('accepted');
    const events = countRows(api, 'events');

    const again = await send(desk, filed.id, filed.version, { type: 'accept', notice: '受理告知书' }, 'accept-key-0001');
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json()).toEqual(accepted);
    expect(countRows(api, 'events')).toBe(events);
  });

  it('answers a replay with the current state, after others changed the complaint, instead of a 409', async () => {
    const filed = await phoneIn();
    const noted = (await (await send(desk, filed.id, filed.version, { type: 'add-note', note: '来电记录', public: false }, 'note-key-0001')).json()) as View;
    const later = (await (await send(colleague, filed.id, noted.version, { type: 'add-note', note: '回电', public: false })).json()) as View;

    const replay = await send(desk, filed.id, filed.version, { type: 'add-note', note: '来电记录', public: false }, 'note-key-0001');
    expect(replay.status).toBe(200);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    const view = (await replay.json()) as View;
    expect(view.version).toBe(later.version);
    expect(notes(view).map((entry) => entry.data?.note)).toEqual(['来电记录', '回电']);
  });

  it('keeps the key when a command refused for a stale version is decided again on the new one', async () => {
    const filed = await phoneIn();
    const moved = (await (await send(colleague, filed.id, filed.version, { type: 'add-note', note: '先记一笔', public: false })).json()) as View;

    const stale = await send(desk, filed.id, filed.version, { type: 'add-note', note: '离线时写的', public: false }, 'offline-key-0001');
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('version_conflict');

    const rebased = await send(desk, filed.id, moved.version, { type: 'add-note', note: '离线时写的', public: false }, 'offline-key-0001');
    expect(rebased.status).toBe(200);
    expect(rebased.headers.get('Idempotent-Replayed')).toBeNull();
    // sent a third time, on either version: done already
    for (const version of [filed.version, moved.version]) {
      const again = await send(desk, filed.id, version, { type: 'add-note', note: '离线时写的', public: false }, 'offline-key-0001');
      expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    }
    const view = (await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json()) as View;
    expect(notes(view).map((entry) => entry.data?.note)).toEqual(['先记一笔', '离线时写的']);
  });

  it('refuses the same key for a different command with 409 idempotency_key_reused, and changes nothing', async () => {
    const filed = await phoneIn();
    const first = (await (await send(desk, filed.id, filed.version, { type: 'add-note', note: '一', public: false }, 'reused-key-0001')).json()) as View;
    const elsewhere = await phoneIn();
    const events = countRows(api, 'events');

    const other = await send(desk, filed.id, first.version, { type: 'add-note', note: '二', public: false }, 'reused-key-0001');
    expect(other.status).toBe(409);
    expect((await other.json()).error.code).toBe('idempotency_key_reused');

    const otherComplaint = await send(desk, elsewhere.id, elsewhere.version, { type: 'add-note', note: '一', public: false }, 'reused-key-0001');
    expect(otherComplaint.status).toBe(409);
    expect((await otherComplaint.json()).error.code).toBe('idempotency_key_reused');
    expect(countRows(api, 'events')).toBe(events);
  });

  it('keeps keys apart per member and per site', async () => {
    const filed = await phoneIn();
    const mine = await send(desk, filed.id, filed.version, { type: 'add-note', note: '同一句', public: false }, 'shared-key-0001');
    const mineView = (await mine.json()) as View;
    const theirs = await send(colleague, filed.id, mineView.version, { type: 'add-note', note: '同一句', public: false }, 'shared-key-0001');
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get('Idempotent-Replayed')).toBeNull();
    expect(notes((await theirs.json()) as View)).toHaveLength(2);

    const hotel = await phoneIn(desk, 'demo-hotel');
    const onHotel = await send(desk, hotel.id, hotel.version, { type: 'add-note', note: '同一句', public: false }, 'shared-key-0001', 'demo-hotel');
    expect(onHotel.status).toBe(200);
    expect(onHotel.headers.get('Idempotent-Replayed')).toBeNull();
  });

  it('carries out the same key sent twice at once only once', async () => {
    const filed = await phoneIn();
    const note = { type: 'add-note', note: '并发', public: false };
    const answers = await Promise.all([send(desk, filed.id, filed.version, note, 'race-key-00001'), send(desk, filed.id, filed.version, note, 'race-key-00001')]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.filter((answer) => answer.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(1);
    const view = (await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json()) as View;
    expect(notes(view)).toHaveLength(1);
  });

  it('still carries out commands without a key each time, and refuses a key too short or too long', async () => {
    const filed = await phoneIn();
    const once = (await (await send(desk, filed.id, filed.version, { type: 'add-note', note: '无键', public: false })).json()) as View;
    const twice = (await (await send(desk, filed.id, once.version, { type: 'add-note', note: '无键', public: false })).json()) as View;
    expect(notes(twice)).toHaveLength(2);

    for (const key of ['short', 'k'.repeat(201)]) {
      const refused = await send(desk, filed.id, twice.version, { type: 'add-note', note: '键', public: false }, key);
      expect(refused.status).toBe(422);
    }
    expect(countRows(api, 'idempotency_keys')).toBe(0);
  });
});
