import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

async function fileOne() {
  const response = await api.call('POST', '/api/v1/sites/demo-community/complaints', {
    ...FILING,
    complainant: { email: 'resident@example.cn', preferredContact: 'email' },
  });
  return (await response.json()) as { reference: string; accessCode: string };
}

const act = (filed: { reference: string; accessCode: string }, body: unknown) =>
  api.call('POST', `/api/v1/sites/demo-community/complaints/${filed.reference}/actions`, body, { 'X-Access-Code': filed.accessCode });

describe('what a complainant may do with the access code', () => {
  it('withdraws a complaint; a second withdrawal is refused with 409 and its code', async () => {
    const filed = await fileOne();
    const first = await act(filed, { action: 'withdraw', reason: '已自行解决' });
    expect(first.status).toBe(200);
    expect((await first.json()).status).toBe('withdrawn');
    const again = await act(filed, { action: 'withdraw' });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: { code: 'illegal_transition', message: 'cannot withdraw a complaint that is withdrawn', details: { status: 'withdrawn', version: 4 } },
    });
  });

  it('answers a question the office asked, and the clocks run on', async () => {
    const filed = await fileOne();
    const desk = new ComplaintDesk(api.store);
    const site = await desk.site('demo-community');
    const state = await desk.findByReference(site, filed.reference);
    await desk.execute(site, state!.id, { type: 'request-information', question: '请提供照片' }, { kind: 'staff', id: 'desk-1' });

    const answered = await act(filed, { action: 'provide-information', text: '照片已发至物业邮箱' });
    expect(answered.status).toBe(200);
    const view = await answered.json();
    expect(view.status).toBe('registered');
    expect(view.timeline.map((e: { kind: string }) => e.kind)).toEqual(['registered', 'information-requested', 'information-provided']);
    expect(view.timeline[1].message).toBe('请提供照片');
  });

  it('refuses what is not the complainant’s to do, and a rating before there is a result', async () => {
    const filed = await fileOne();
    const rating = await act(filed, { action: 'rate', rating: 'satisfied' });
    expect(rating.status).toBe(409);
    expect((await rating.json()).error.code).toBe('illegal_transition');
    const unknown = await act(filed, { action: 'accept' });
    expect(unknown.status).toBe(422);
  });

  it('needs the right access code', async () => {
    const filed = await fileOne();
    const wrong = await api.call('POST', `/api/v1/sites/demo-community/complaints/${filed.reference}/actions`, { action: 'withdraw' }, {
      'X-Access-Code': 'AAAAA-AAAAA-AAAAA-AAAAA',
    });
    expect(wrong.status).toBe(404);
    expect((await (await act(filed, { action: 'withdraw' })).json()).status).toBe('withdrawn');
  });

  it('queues the receipt with the registration, in the same transaction', async () => {
    const filed = await fileOne();
    const desk = new ComplaintDesk(api.store);
    const state = await desk.findByReference(await desk.site('demo-community'), filed.reference);
    const outbox = await api.store.outboxMessages({ complaintId: state!.id });
    expect(outbox.map((m) => [m.kind, m.recipient])).toEqual([['receipt', { kind: 'complainant', channel: 'email', address: 'resident@example.cn' }]]);
    expect(outbox[0]!.payload).toMatchObject({ reference: filed.reference, language: 'zh-Hans' });
  });
});

describe('two staff members acting at once', () => {
  it('lets one win; the other gets 409 with the complaint as it now stands', async () => {
    const filed = await fileOne();
    const desk = new ComplaintDesk(api.store);
    const site = await desk.site('demo-community');
    const state = await desk.findByReference(site, filed.reference);
    const a = desk.execute(site, state!.id, { type: 'accept' }, { kind: 'staff', id: 'a' }, state!.version);
    const b = desk.execute(site, state!.id, { type: 'not-accept', reason: '不属于受理范围' }, { kind: 'staff', id: 'b' }, state!.version);
    const results = await Promise.allSettled([a, b]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ status: 409, code: 'version_conflict' });
    expect(loser.reason.details.current.status).toBe('accepted');
  });
});
