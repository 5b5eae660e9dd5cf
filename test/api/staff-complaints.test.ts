import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, startTestApi } from '../support/api.ts';
import { type Member, member } from '../support/staff.ts';

let api: TestApi;
let desk: Member;
let handler: Member;
let manager: Member;
beforeEach(async () => {
  api = await startTestApi();
  desk = await member(api, 'desk@example.cn', [{ site: 'demo-bureau', roles: ['front-desk'] }], '前台小李');
  handler = await member(api, 'handler@example.cn', [{ site: 'demo-bureau', roles: ['handler'], departments: ['supervision-office'] }], '张三');
  manager = await member(api, 'manager@example.cn', [{ site: 'demo-bureau', roles: ['manager'] }], '局长');
});
afterEach(async () => {
  await api.close();
});

const base = '/api/v1/staff/sites/demo-bureau';

async function phoneIn(subject?: string) {
  const response = await desk.call('POST', `${base}/complaints`, {
    channel: 'phone',
    category: 'conduct',
    description: '办事窗口工作人员态度蛮横,故意刁难。',
    place: { address: '清河县政务服务中心' },
    answers: { subject: subject ?? '窗口3号', 'conduct-kind': 'rude-enforcement' },
    complainant: { name: '王芳', phone: '13800004220', preferredContact: 'phone' },
    ...(subject ? { subject } : {}),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; reference: string; accessCode: string };
}

describe('assisted intake', () => {
  it('registers a phone call for the complainant, with the channel, and queues the reference by their preferred means', async () => {
    const filed = await phoneIn();
    expect(filed.reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const view = await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json();
    expect(view).toMatchObject({ channel: 'phone', status: 'registered', department: { code: 'supervision-office' } });
    expect(view.timeline[0]).toMatchObject({ type: 'registered', actor: { kind: 'staff', id: desk.id } });
    const outbox = await api.store.outboxMessages({ complaintId: filed.id });
    expect(outbox.map((m) => [m.kind, m.recipient])).toEqual([['receipt', { kind: 'complainant', channel: 'phone', address: '13800004220' }]]);
    // the complainant can follow it like any other
    const tracked = await api.call('GET', `/api/v1/sites/demo-bureau/complaints/${filed.reference}`, undefined, { 'X-Access-Code': filed.accessCode });
    expect(tracked.status).toBe(200);
  });

  it('registers an anonymous letter even where the form needs a name', async () => {
    const hotelDesk = await member(api, 'hotel@example.hk', [{ site: 'demo-hotel', roles: ['front-desk'] }]);
    const response = await hotelDesk.call('POST', '/api/v1/staff/sites/demo-hotel/complaints', {
      channel: 'letter',
      category: 'noise',
      description: '匿名信:1208房深夜喧嘩',
      place: { room: '1208' },
    });
    expect(response.status).toBe(201);
  });
});

describe('confidentiality', () => {
  it('masks the complainant everywhere, reveals on request to those who may, and records every reveal', async () => {
    const filed = await phoneIn();
    const view = await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json();
    expect(view.complainant).toEqual({ name: '王*', phone: '138****4220', preferredContact: 'phone', revealed: false });
    expect(JSON.stringify(view)).not.toContain('13800004220');
    expect(JSON.stringify(view)).not.toContain('王芳');

    const revealed = await manager.call('POST', `${base}/complaints/${filed.id}/reveal`);
    expect(revealed.status).toBe(200);
    expect(await revealed.json()).toEqual({ name: '王芳', phone: '13800004220', preferredContact: 'phone' });
    const audit = await (await manager.call('GET', `${base}/audit?action=identity-revealed`)).json();
    expect(audit).toEqual([
      expect.objectContaining({ actor: manager.id, actorName: '局长', action: 'identity-revealed', target: filed.id, targetName: null, details: { reference: filed.reference, fields: ['name', 'phone'] } }),
    ]);
  });

  it('never lets the staff member named in a complaint see who made it, nor handle it', async () => {
    const filed = await phoneIn('张三');
    const view = await (await handler.call('GET', `${base}/complaints/${filed.id}`)).json();
    expect(view.complainant).toBeNull();
    expect(view.timeline[0].data.complainant).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('138');
    const reveal = await handler.call('POST', `${base}/complaints/${filed.id}/reveal`);
    expect(reveal.status).toBe(403);
    expect(Object.keys(await reveal.json())).toEqual(['error']);
    const acted = await handler.call('POST', `${base}/complaints/${filed.id}/commands`, {
      expectedVersion: view.version,
      command: { type: 'add-note', note: '我来处理', public: false },
    });
    expect(acted.status).toBe(403);
    expect((await acted.json()).error.code).toBe('conflict_of_interest');
  });
});

describe('commands', () => {
  it('carries out the procedure step by step, each with the version it was decided on', async () => {
    const filed = await phoneIn();
    let view = await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json();
    const step = async (who: Member, command: Record<string, unknown>) => {
      const response = await who.call('POST', `${base}/complaints/${filed.id}/commands`, { expectedVersion: view.version, command });
      expect(response.status, JSON.stringify(command)).toBe(200);
      view = await response.json();
    };
    await step(desk, { type: 'accept', notice: '受理告知书:已受理' });
    await step(desk, { type: 'dispatch', department: 'supervision-office', assignee: '监督科老刘' });
    await step(handler, { type: 'start-investigation', note: '调取监控' });
    await step(handler, { type: 'add-note', note: '内部:涉事人员已约谈', public: false });
    await step(handler, { type: 'record-finding', staffMember: '窗口3号', substantiated: true });
    await step(handler, { type: 'resolve', result: '已对当事人批评教育', basis: '作风投诉处理办法第十二条' });
    expect(view.status).toBe('resolved');
    const note = view.timeline.find((e: { type: string }) => e.type === 'note-added');
    expect(note).toMatchObject({ public: false, data: { note: '内部:涉事人员已约谈' } });
    expect(view.allowedCommands).toContain('send-feedback');
    // the complainant's own timeline has no internal note
    const tracked = await (await api.call('GET', `/api/v1/sites/demo-bureau/complaints/${filed.reference}`, undefined, { 'X-Access-Code': filed.accessCode })).json();
    expect(JSON.stringify(tracked)).not.toContain('内部');
  });

  it('refuses a command decided on an old version with 409 and the complaint as it now stands, masked', async () => {
    const filed = await phoneIn();
    const view = await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json();
    const first = await desk.call('POST', `${base}/complaints/${filed.id}/commands`, { expectedVersion: view.version, command: { type: 'accept' } });
    expect(first.status).toBe(200);
    const late = await manager.call('POST', `${base}/complaints/${filed.id}/commands`, {
      expectedVersion: view.version,
      command: { type: 'not-accept', reason: '不属于受理范围' },
    });
    expect(late.status).toBe(409);
    const body = await late.json();
    expect(body.error.code).toBe('version_conflict');
    expect(body.error.details.current).toMatchObject({ status: 'accepted', complainant: { phone: '138****4220' } });
  });

  it('refuses a step the status does not allow, and a step the role does not have', async () => {
    const filed = await phoneIn();
    const view = await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json();
    const early = await manager.call('POST', `${base}/complaints/${filed.id}/commands`, { expectedVersion: view.version, command: { type: 'resolve', result: 'x', basis: 'y' } });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toMatchObject({ code: 'illegal_transition', details: { status: 'registered' } });
    const notTheirs = await desk.call('POST', `${base}/complaints/${filed.id}/commands`, { expectedVersion: view.version, command: { type: 'archive' } });
    expect(notTheirs.status).toBe(403);
    expect((await notTheirs.json()).error.code).toBe('not_allowed_for_role');
  });

  it('answers bad commands with 422 at the field', async () => {
    const malformed = await desk.call('POST', `${base}/complaints/none/commands`, { expectedVersion: 0, command: { type: 'launch' } });
    expect(malformed.status).toBe(422);
    const filed = await phoneIn();
    const view = await (await desk.call('GET', `${base}/complaints/${filed.id}`)).json();
    const accepted = await (await desk.call('POST', `${base}/complaints/${filed.id}/commands`, { expectedVersion: view.version, command: { type: 'accept' } })).json();
    const response = await desk.call('POST', `${base}/complaints/${filed.id}/commands`, {
      expectedVersion: accepted.version,
      command: { type: 'dispatch', department: 'no-such-station', assignee: 'x' },
    });
    expect(response.status).toBe(422);
    expect((await response.json()).error.issues[0].path).toEqual(['department']);
  });
});

describe('configuration', () => {
  it('validates a new configuration as a whole, keeps it, and records what changed', async () => {
    const current = await (await manager.call('GET', `${base}/config`)).json();
    const bad = structuredClone(current);
    bad.policy.categories[0].department = 'nowhere';
    const refused = await manager.call('PUT', `${base}/config`, bad);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.issues[0].path).toEqual(['policy', 'categories', 0, 'department']);

    const next = structuredClone(current);
    next.allowedOrigins = ['https://nyj.qinghe.gov.cn'];
    next.policy.deadlines.acknowledge = { amount: 1, unit: 'workingDays' };
    const saved = await manager.call('PUT', `${base}/config`, next);
    expect(saved.status).toBe(200);
    expect((await (await manager.call('GET', `${base}/config`)).json()).allowedOrigins).toEqual(['https://nyj.qinghe.gov.cn']);
    const [entry] = await (await manager.call('GET', `${base}/audit?action=site-configured`)).json();
    expect(entry.details).toEqual({ changed: ['allowedOrigins', 'policy'], policy: ['deadlines'] });
    // the public form now answers only that origin
    const cors = await api.call('GET', '/api/v1/sites/demo-bureau', undefined, { Origin: 'https://elsewhere.example' });
    expect(cors.status).toBe(403);
  });

  it('saves over only the configuration it was read with: a change made meanwhile is not overwritten', async () => {
    const read = await manager.call('GET', `${base}/config`);
    const tag = read.headers.get('ETag')!;
    expect(tag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(read.headers.get('Cache-Control')).toBe('no-store');
    const current = await read.json();
    // the same configuration read again carries the same tag
    expect((await manager.call('GET', `${base}/config`)).headers.get('ETag')).toBe(tag);

    // two managers read it; the first saves
    const first = structuredClone(current);
    first.allowedOrigins = ['https://first.example.cn'];
    const saved = await manager.call('PUT', `${base}/config`, first, { 'If-Match': tag });
    expect(saved.status).toBe(200);
    const newTag = saved.headers.get('ETag')!;
    expect(newTag).not.toBe(tag);
    expect((await manager.call('GET', `${base}/config`)).headers.get('ETag')).toBe(newTag);

    // the second, still holding the old tag, is refused and the first one's change stays
    const second = structuredClone(current);
    second.policy.deadlines.acknowledge = { amount: 3, unit: 'workingDays' };
    const refused = await manager.call('PUT', `${base}/config`, second, { 'If-Match': tag });
    expect(refused.status).toBe(412);
    expect((await refused.json()).error.code).toBe('configuration_changed');
    const now = await (await manager.call('GET', `${base}/config`)).json();
    expect(now.allowedOrigins).toEqual(['https://first.example.cn']);
    expect(now.policy.deadlines.acknowledge).toEqual(current.policy.deadlines.acknowledge);
    const audit = await (await manager.call('GET', `${base}/audit?action=site-configured`)).json();
    expect(audit).toHaveLength(1);

    // a weak form of the tag, a list that holds it, and `*` all match; without If-Match the last write wins
    const again = { ...now, allowedOrigins: ['https://second.example.cn'] };
    expect((await manager.call('PUT', `${base}/config`, again, { 'If-Match': `"nope", W/${newTag}` })).status).toBe(200);
    expect((await manager.call('PUT', `${base}/config`, now, { 'If-Match': '*' })).status).toBe(200);
    expect((await manager.call('PUT', `${base}/config`, again)).status).toBe(200);
  });

  it('adds and changes members, each change recorded', async () => {
    const added = await manager.call('POST', `${base}/members`, {
      email: 'seed@example.cn',
      name: '种子站王站长',
      password: 'a long enough password',
      roles: ['handler'],
      departments: ['seed-station'],
    });
    expect(added.status).toBe(201);
    const { id } = await added.json();
    const changed = await manager.call('PATCH', `${base}/members/${id}`, { departments: ['seed-station', 'fruit-centre'] });
    expect((await changed.json()).departments).toEqual(['seed-station', 'fruit-centre']);
    const unknown = await manager.call('PATCH', `${base}/members/${id}`, { departments: ['moon-base'] });
    expect(unknown.status).toBe(422);
    const removed = await manager.call('PATCH', `${base}/members/${id}`, { disabled: true });
    expect((await removed.json()).disabled).toBe(true);
    const selfLockout = await manager.call('PATCH', `${base}/members/${manager.id}`, { disabled: true });
    expect(selfLockout.status).toBe(409);
    const actions = (await (await manager.call('GET', `${base}/audit`)).json()).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['member-added', 'member-changed', 'member-removed']));
    // the log names the members involved, also for readers who may not list the staff
    const [removal] = await (await manager.call('GET', `${base}/audit?action=member-removed`)).json();
    expect(removal).toMatchObject({ actorName: '局长', target: id, targetName: '种子站王站长' });
  });
});
