import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/http/app.ts';
import { silentLogger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { FILING, type TestApi } from '../support/api.ts';
import { postgresReachable, schemaStore } from '../support/postgres.ts';
import { member } from '../support/staff.ts';

const reachable = await postgresReachable('API tests on PostgreSQL');

describe.skipIf(!reachable)('the public API on PostgreSQL', () => {
  let subject: ReturnType<typeof schemaStore>;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    subject = schemaStore();
    await subject.store.migrate();
    await seedDemoSites(subject.store);
    app = createApp({ store: subject.store, logger: silentLogger });
  });
  afterAll(async () => {
    await subject?.drop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/api/v1/sites/demo-community/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('files, replays an Idempotency-Key, tracks, and refuses a second withdrawal with 409', async () => {
    const first = await post(FILING, { 'Idempotency-Key': 'pg-key-00000001' });
    expect(first.status).toBe(201);
    const filed = await first.json();
    const again = await post(FILING, { 'Idempotency-Key': 'pg-key-00000001' });
    expect(await again.json()).toEqual(filed);

    const tracked = await app.request(`/api/v1/sites/demo-community/complaints/${filed.reference}`, { headers: { 'X-Access-Code': filed.accessCode } });
    expect((await tracked.json()).status).toBe('registered');

    const act = () =>
      app.request(`/api/v1/sites/demo-community/complaints/${filed.reference}/actions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Access-Code': filed.accessCode },
        body: JSON.stringify({ action: 'withdraw' }),
      });
    expect((await act()).status).toBe(200);
    const second = await act();
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe('illegal_transition');
  });

  it('lets one of two simultaneous staff actions win; the other gets the current state', async () => {
    const filed = await (await post(FILING)).json();
    const desk = new ComplaintDesk(subject.store);
    const site = await desk.site('demo-community');
    const state = (await desk.findByReference(site, filed.reference))!;
    const results = await Promise.allSettled([
      desk.execute(site, state.id, { type: 'accept' }, { kind: 'staff', id: 'a' }, state.version),
      desk.execute(site, state.id, { type: 'not-accept', reason: '不属于受理范围' }, { kind: 'staff', id: 'b' }, state.version),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({ status: 409, code: 'version_conflict' });
  });

  it('carries out a staff command sent twice with one Idempotency-Key once, also when both arrive at once', async () => {
    const filed = await (await post(FILING)).json();
    const desk = await member({ app, store: subject.store } as unknown as TestApi, 'pg-desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const site = await new ComplaintDesk(subject.store).site('demo-community');
    const state = (await new ComplaintDesk(subject.store).findByReference(site, filed.reference))!;
    const send = (note: string, key: string) =>
      desk.call('POST', `/api/v1/staff/sites/demo-community/complaints/${state.id}/commands`, { expectedVersion: state.version, command: { type: 'add-note', note, public: false } }, { 'Idempotency-Key': key });

    const answers = await Promise.all([send('同时', 'pg-command-key-1'), send('同时', 'pg-command-key-1')]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.filter((answer) => answer.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(1);
    const later = await send('同时', 'pg-command-key-1');
    expect(later.headers.get('Idempotent-Replayed')).toBe('true');
    const view = (await later.json()) as { timeline: { type: string }[] };
    expect(view.timeline.filter((entry) => entry.type === 'note-added')).toHaveLength(1);

    const reused = await send('别的', 'pg-command-key-1');
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe('idempotency_key_reused');
  });
});
