import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Site } from '../../api/contract/site.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';
import { member } from '../support/staff.ts';
import { CLEAN_JPEG, CLEAN_PNG } from '../support/photos.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

/** Real photos, with nothing in them but the picture: kept exactly as they are. */
const JPEG = new Uint8Array(CLEAN_JPEG);
const PNG = new Uint8Array(CLEAN_PNG);

const upload = (bytes: Uint8Array, type: string, site = 'demo-community') =>
  api.app.request(`/api/v1/sites/${site}/attachments`, { method: 'POST', headers: { 'Content-Type': type }, body: bytes as Uint8Array<ArrayBuffer> });

describe('photos', () => {
  it('keeps a photo by the hash of its bytes, once, and checks that it is what it claims', async () => {
    const first = await upload(JPEG, 'image/jpeg');
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body).toEqual({ id: createHash('sha256').update(JPEG).digest('hex'), contentType: 'image/jpeg', size: JPEG.length });
    expect(await (await upload(JPEG, 'image/jpeg')).json()).toEqual(body);
    expect((await upload(PNG, 'image/jpeg')).status).toBe(422);
    expect((await upload(new TextEncoder().encode('<svg onload=alert(1)>'), 'image/svg+xml')).status).toBe(415);
    expect((await upload(new Uint8Array(), 'image/png')).status).toBe(422);
    expect((await upload(new Uint8Array(1024 * 1024 + 1).fill(0xff), 'image/jpeg')).status).toBe(413);
  });

  it('files a complaint with its photos; the complainant and staff see them, nobody else', async () => {
    const { id } = await (await upload(JPEG, 'image/jpeg')).json();
    const unknown = await api.call('POST', '/api/v1/sites/demo-community/complaints', { ...FILING, attachments: ['a'.repeat(64)] });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.issues[0].path).toEqual(['attachments', 0]);
    const otherSite = await (await upload(PNG, 'image/png', 'demo-hotel')).json();
    expect((await api.call('POST', '/api/v1/sites/demo-community/complaints', { ...FILING, attachments: [otherSite.id] })).status).toBe(422);

    const filed = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', { ...FILING, attachments: [id] })).json();
    const view = await (await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}`, undefined, { 'X-Access-Code': filed.accessCode })).json();
    expect(view.attachments).toEqual([id]);
    const photo = await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}/attachments/${id}`, undefined, { 'X-Access-Code': filed.accessCode });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(JPEG);
    const wrongCode = await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}/attachments/${id}`, undefined, { 'X-Access-Code': 'AAAAA-AAAAA-AAAAA-AAAAA' });
    expect(wrongCode.status).toBe(404);

    // a photo uploaded but not given with this complaint is not served through it
    const stray = await (await upload(PNG, 'image/png')).json();
    expect((await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}/attachments/${stray.id}`, undefined, { 'X-Access-Code': filed.accessCode })).status).toBe(404);

    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const state = await api.store.findByReference('demo-community', filed.reference);
    const staffPhoto = await desk.call('GET', `/api/v1/staff/sites/demo-community/complaints/${state!.id}/attachments/${id}`);
    expect(staffPhoto.status).toBe(200);
  });

  it('takes photos with the information the office asked for', async () => {
    const filed = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const state = (await api.store.findByReference('demo-community', filed.reference))!;
    await desk.call('POST', `/api/v1/staff/sites/demo-community/complaints/${state.id}/commands`, {
      expectedVersion: state.version,
      command: { type: 'request-information', question: '请拍一张灯的照片' },
    });
    const asked = await (await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}`, undefined, { 'X-Access-Code': filed.accessCode })).json();
    expect(asked).toMatchObject({ status: 'awaiting-information', question: '请拍一张灯的照片', can: { provideInformation: true, rate: false } });
    const { id } = await (await upload(JPEG, 'image/jpeg')).json();
    const answered = await api.call('POST', `/api/v1/sites/demo-community/complaints/${filed.reference}/actions`, { action: 'provide-information', text: '照片见附件', attachments: [id] }, {
      'X-Access-Code': filed.accessCode,
    });
    expect(answered.status).toBe(200);
    expect((await answered.json()).attachments).toEqual([id]);
  });
});

describe('what the tracker is told', () => {
  it('says what the complainant waits for and by when', async () => {
    const filed = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const view = await (await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}`, undefined, { 'X-Access-Code': filed.accessCode })).json();
    // confirmed within 24 hours (000)
    expect(view.expectedBy.stage).toBe('acknowledge');
    expect(Date.parse(view.expectedBy.dueAt) - Date.parse(view.registeredAt)).toBe(24 * 3_600_000);
    expect(view.can).toEqual({ provideInformation: false, answerPlan: false, rate: false, requestReview: false, withdraw: true });
  });
  it('offers a review of a closed complaint only within the site’s window, and the opinion on a plan only once', async () => {
    const filed = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const site = Site.parse(await api.store.getSite('demo-community'));
    const desk = new ComplaintDesk(api.store);
    const staff = { kind: 'staff', id: 'lead' } as const;
    const id = (await api.store.findByReference('demo-community', filed.reference))!.id;
    await desk.execute(site, id, { type: 'accept' }, staff);
    await desk.execute(site, id, { type: 'dispatch', department: 'engineering', assignee: '李师傅' }, staff);
    await desk.execute(site, id, { type: 'propose-plan', measures: '换灯', responsibility: '李师傅', schedule: '明天', seekOpinion: true }, staff);
    const view = () => desk.track(site, filed.reference, filed.accessCode);
    expect((await view()).can.answerPlan).toBe(true);
    await desk.actAsComplainant(site, filed.reference, filed.accessCode, { type: 'record-plan-opinion', agrees: true });
    expect((await view()).can.answerPlan).toBe(false);
    await desk.execute(site, id, { type: 'start-work' }, staff);
    await desk.execute(site, id, { type: 'resolve', result: '已换灯', basis: '物业服务合同' }, staff);
    await desk.execute(site, id, { type: 'send-feedback', channel: 'phone', message: '已告知' }, staff);
    await desk.execute(site, id, { type: 'close', outcome: 'resolved' }, staff);
    const closed = await view();
    expect(closed.status).toBe('closed');
    expect(closed.can.requestReview).toBe(true);
    // 15 days from closing (the demo community's window)
    expect(Date.parse(closed.reviewUntil!) - Date.now()).toBeGreaterThan(14 * 86_400_000);
    const later = new ComplaintDesk(api.store, { now: () => new Date(Date.parse(closed.reviewUntil!) + 60_000) });
    const late = await later.track(site, filed.reference, filed.accessCode);
    expect(late.can.requestReview).toBe(false);
    expect(late.reviewUntil).toBeUndefined();
  });
});

describe('consent', () => {
  it('needs the box ticked where the site shows a consent text', async () => {
    const site = (await api.store.getSite('demo-community'))!;
    await api.store.putSite(
      Site.parse({ ...site, policy: { ...site.policy, consentText: { en: 'I agree my complaint is handled as described.', 'zh-Hans': '我同意…', 'zh-Hant': '我同意…' } } }),
      new Date(),
    );
    const form = await (await api.call('GET', '/api/v1/sites/demo-community')).json();
    expect(form.consentText.en).toContain('I agree');
    const refused = await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.issues[0]).toMatchObject({ path: ['consent'], code: 'consent_required' });
    expect((await api.call('POST', '/api/v1/sites/demo-community/complaints', { ...FILING, consent: true })).status).toBe(201);
  });
});

describe('live updates', () => {
  it('tells a tracker that its complaint changed, through a signed ticket', async () => {
    const filed = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const ticket = await (
      await api.call('POST', `/api/v1/sites/demo-community/complaints/${filed.reference}/live-token`, undefined, { 'X-Access-Code': filed.accessCode })
    ).json();
    expect(ticket.token).toMatch(/\./);
    const forged = await api.call('GET', `/api/v1/sites/demo-community/complaints/${filed.reference}/live?token=${ticket.token.slice(0, -2)}xx`);
    expect(forged.status).toBe(404);

    const controller = new AbortController();
    const stream = await api.app.request(`/api/v1/sites/demo-community/complaints/${filed.reference}/live?token=${ticket.token}`, { signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const until = async (text: string) => {
      while (!received.includes(text)) received += decoder.decode((await reader.read()).value);
    };
    await until('event: ready');
    await api.call('POST', `/api/v1/sites/demo-community/complaints/${filed.reference}/actions`, { action: 'withdraw' }, { 'X-Access-Code': filed.accessCode });
    await until('event: changed');
    expect(received).toMatch(/event: changed\ndata: \{"version":4,/);
    controller.abort();
    await reader.cancel().catch(() => {});
  });
});

describe('tracking links', () => {
  it('let the holder of a notification’s link follow and act on that one complaint, until the link expires', async () => {
    const filed = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const other = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const state = (await api.store.findByReference('demo-community', filed.reference))!;
    const site = Site.parse(await api.store.getSite('demo-community'));
    const desk = new ComplaintDesk(api.store);
    const { key, expiresAt } = await desk.trackingKey(site, state.id);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(179 * 86_400_000);

    const track = (reference: string, code: string, siteKey = 'demo-community') =>
      api.call('GET', `/api/v1/sites/${siteKey}/complaints/${reference}`, undefined, { 'X-Access-Code': code });
    const seen = await track(filed.reference, key);
    expect(seen.status).toBe(200);
    expect((await seen.json()).reference).toBe(filed.reference);
    // the key opens its own complaint only, on its own site, and only as signed
    expect((await track(other.reference, key)).status).toBe(404);
    expect((await track(filed.reference, key, 'demo-hotel')).status).toBe(404);
    expect((await track(filed.reference, `${key.slice(0, -2)}xx`)).status).toBe(404);
    expect((await track(filed.reference, 'link.garbage')).status).toBe(404);
    const withdrawn = await api.call('POST', `/api/v1/sites/demo-community/complaints/${filed.reference}/actions`, { action: 'withdraw' }, { 'X-Access-Code': key });
    expect(withdrawn.status).toBe(200);

    const yesterday = new ComplaintDesk(api.store, { now: () => new Date(Date.now() - 2 * 86_400_000) });
    const stale = await yesterday.trackingKey(site, state.id, 1);
    expect((await track(filed.reference, stale.key)).status).toBe(404);
  });
});
