import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { type Open311Api, startOpen311Api } from '../support/open311.ts';
import { postgresReachable, schemaStore } from '../support/postgres.ts';

const reachable = await postgresReachable('Open311 tests on PostgreSQL');

describe.skipIf(!reachable)('Open311 on PostgreSQL', () => {
  let subject: ReturnType<typeof schemaStore>;
  let api: Open311Api;
  let key: string;
  beforeAll(async () => {
    subject = schemaStore();
    await subject.store.migrate();
    await seedDemoSites(subject.store);
    api = await startOpen311Api(subject.store);
    key = (await api.key('demo-community')).key;
  });
  afterAll(async () => {
    await api?.close();
    await subject?.drop();
  });

  it('files, lists, follows a token, reports updates and records an update once', async () => {
    const filed = await api.post('/open311/v2/requests.xml', {
      api_key: key,
      jurisdiction_id: 'demo-community',
      service_code: 'facilities',
      lat: '30.27',
      long: '120.15',
      description: '健身器材坏了',
      email: 'pg-resident@example.cn',
    });
    expect(filed.status, filed.raw).toBe(200);
    const [request] = filed.plain as { service_request_id: string; token: string }[];
    const reference = request!.service_request_id;

    const listed = await api.get('/open311/v2/requests.json?jurisdiction_id=demo-community&status=open');
    expect((listed.plain as { service_request_id: string; description: string }[]).find((r) => r.service_request_id === reference)).toMatchObject({ description: '健身器材坏了' });
    expect(listed.raw).not.toContain('pg-resident');
    expect((await api.get(`/open311/v2/tokens/${request!.token}.json?jurisdiction_id=demo-community`)).plain).toEqual([{ service_request_id: reference, token: request!.token }]);

    const state = (await api.store.findByReference('demo-community', reference))!;
    const site = (await api.store.getSite('demo-community'))!;
    await api.desk.execute(site, state.id, { type: 'request-information', question: '哪一件器材?' }, { kind: 'staff', id: 'pg-desk' });
    const updates = await api.get('/open311/v2/servicerequestupdates.json?jurisdiction_id=demo-community');
    expect((updates.plain as { service_request_id: string; description: string }[]).filter((u) => u.service_request_id === reference).map((u) => u.description)).toEqual(['哪一件器材?']);

    const send = () =>
      api.post('/open311/v2/servicerequestupdates.json', { api_key: key, jurisdiction_id: 'demo-community', service_request_id: reference, status: 'OPEN', description: '东边的单杠', update_id: 'pg-update-1' });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first!.status, second!.status]).toEqual([200, 200]);
    expect(second!.plain).toEqual(first!.plain);
    const events = await api.store.readEvents(state.id);
    expect(events.filter((e) => e.type === 'information-provided')).toHaveLength(1);
  });
});
