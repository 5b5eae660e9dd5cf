import { canonicalJson } from '../../api/store/chain.ts';
import { sha256 } from '../../api/service/credentials.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILING, type TestApi, countRows, startTestApi } from '../support/api.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

const REFERENCE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const ACCESS_CODE = /^([0-9A-HJKMNP-TV-Z]{5}-){3}[0-9A-HJKMNP-TV-Z]{5}$/;

describe('the public site description', () => {
  it('gives the form every category with its name in three languages, and nothing internal', async () => {
    const response = await api.call('GET', '/api/v1/sites/demo-bureau');
    expect(response.status).toBe(200);
    const site = await response.json();
    expect(site.key).toBe('demo-bureau');
    expect(site.name['zh-Hans']).toBe('清河县农业农村局');
    const codes = site.categories.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['seeds', 'fertiliser', 'fake-inputs', 'conduct']));
    for (const category of site.categories) {
      expect(Object.keys(category.name).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant']);
      expect(category).not.toHaveProperty('department');
      expect(category).not.toHaveProperty('priority');
    }
    expect(JSON.stringify(site)).not.toContain('supervisor');
  });

  it('tells the form which categories are emergencies and whom to call', async () => {
    const site = await (await api.call('GET', '/api/v1/sites/demo-community')).json();
    const fire = site.categories.find((c: { code: string }) => c.code === 'fire');
    expect(fire.emergency.phone).toBe('119');
    expect(fire.emergency.instruction.en).toMatch(/119/);
  });
});

describe('filing and tracking a complaint', () => {
  it('files anonymously, answers with a reference and an access code, and tracks it', async () => {
    const filed = await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, { 'Idempotency-Key': 'k-0000-0001' });
    expect(filed.status).toBe(201);
    const body = await filed.json();
    expect(body.reference).toMatch(REFERENCE);
    expect(body.accessCode).toMatch(ACCESS_CODE);
    expect(body.status).toBe('registered');

    const tracked = await api.call('GET', `/api/v1/sites/demo-community/complaints/${body.reference}`, undefined, {
      'X-Access-Code': body.accessCode,
    });
    expect(tracked.status).toBe(200);
    const complaint = await tracked.json();
    expect(complaint).toMatchObject({
      reference: body.reference,
      status: 'registered',
      category: { code: 'facilities', name: { 'zh-Hans': '公共设施' } },
      department: { code: 'engineering' },
    });
    expect(complaint.timeline).toEqual([{ at: body.registeredAt, kind: 'registered', status: 'registered' }]);
    expect(JSON.stringify(complaint)).not.toContain('accessCodeHash');
  });

  it('accepts the reference and access code as a person types them: lower case, spaces, O for zero', async () => {
    const body = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const typed = body.accessCode.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o');
    const response = await api.call('GET', `/api/v1/sites/demo-community/complaints/${body.reference.toLowerCase().replace('-', '')}`, undefined, {
      'X-Access-Code': typed,
    });
    expect(response.status).toBe(200);
  });

  it('answers a wrong access code exactly like an unknown reference', async () => {
    const body = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const wrongCode = await api.call('GET', `/api/v1/sites/demo-community/complaints/${body.reference}`, undefined, {
      'X-Access-Code': 'AAAAA-AAAAA-AAAAA-AAAAA',
    });
    const unknown = await api.call('GET', '/api/v1/sites/demo-community/complaints/ZZZZ-ZZZZ', undefined, {
      'X-Access-Code': body.accessCode,
    });
    expect(wrongCode.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrongCode.json()).toEqual(await unknown.json());
  });

  it('does not show one site’s complaint on another site', async () => {
    const body = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const response = await api.call('GET', `/api/v1/sites/demo-bureau/complaints/${body.reference}`, undefined, {
      'X-Access-Code': body.accessCode,
    });
    expect(response.status).toBe(404);
  });

  it('records contact details and the category’s answers when given', async () => {
    const response = await api.call('POST', '/api/v1/sites/demo-bureau/complaints', {
      category: 'conduct',
      description: '办事窗口工作人员态度蛮横,故意刁难。',
      place: { address: '清河县城关镇政务服务中心' },
      answers: { subject: '窗口 3 号', 'conduct-kind': 'rude-enforcement' },
      complainant: { name: '王芳', phone: '138 0000 4220', preferredContact: 'phone' },
      consent: true,
      language: 'zh-Hans',
    });
    expect(response.status).toBe(201);
    const { reference } = await response.json();
    const state = await api.store.findByReference('demo-bureau', reference);
    expect(state).toMatchObject({
      category: 'conduct',
      department: 'supervision-office',
      priority: 'high',
      channel: 'web',
      answers: { subject: '窗口 3 号', 'conduct-kind': 'rude-enforcement' },
      complainant: { name: '王芳', phone: '138 0000 4220', preferredContact: 'phone' },
    });
    // the record keeps which consent text was agreed to
    const [registered] = await api.store.readEvents(state!.id);
    const site = (await api.store.getSite('demo-bureau'))!;
    expect(registered!.type === 'registered' && registered!.data.consentTo).toBe(sha256(canonicalJson(site.policy.consentText)));
  });

  it('routes each agriculture subject to its station (seed 003)', async () => {
    const routes: Record<string, string> = {
      seeds: 'seed-station',
      fertiliser: 'soil-fertiliser-station',
      fruit: 'fruit-centre',
      'pesticide-damage': 'plant-protection-station',
      'cash-crops': 'cash-crop-station',
      'main-crops': 'township-extension',
      'environmental-pollution': 'environment-monitoring-station',
      'produce-quality': 'produce-testing-station',
      sericulture: 'sericulture-station',
      'fake-inputs': 'law-enforcement-brigade',
    };
    for (const [category, station] of Object.entries(routes)) {
      const response = await api.call('POST', '/api/v1/sites/demo-bureau/complaints', { category, description: '买到的种子不发芽', consent: true });
      expect(response.status).toBe(201);
      const state = await api.store.findByReference('demo-bureau', (await response.json()).reference);
      expect(state?.department, category).toBe(station);
    }
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeated key with the original answer and stores the complaint once', async () => {
    const headers = { 'Idempotency-Key': '6f1c1f4e-0000-4000-8000-000000000001' };
    const first = await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, headers);
    const second = await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(countRows(api, 'complaints')).toBe(1);
    // the registration and the start of its acknowledgement clock
    expect(countRows(api, 'events')).toBe(2);
  });

  it('refuses a key reused with a different body, and stores nothing more', async () => {
    const headers = { 'Idempotency-Key': '6f1c1f4e-0000-4000-8000-000000000002' };
    await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, headers);
    const reused = await api.call('POST', '/api/v1/sites/demo-community/complaints', { ...FILING, description: 'something else' }, headers);
    expect(reused.status).toBe(409);
    expect((await reused.json()).error.code).toBe('idempotency_key_reused');
    expect(countRows(api, 'complaints')).toBe(1);
  });

  it('files once when the same request arrives many times at once', async () => {
    const headers = { 'Idempotency-Key': '6f1c1f4e-0000-4000-8000-000000000003' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, headers)),
    );
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.every((r) => r.status === 201)).toBe(true);
    expect(new Set(bodies.map((b) => b.reference)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.accessCode)).size).toBe(1);
    expect(countRows(api, 'complaints')).toBe(1);
  });

  it('keeps the same key on two sites apart', async () => {
    const headers = { 'Idempotency-Key': '6f1c1f4e-0000-4000-8000-000000000004' };
    const a = await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, headers);
    const b = await api.call('POST', '/api/v1/sites/demo-bureau/complaints', { category: 'seeds', description: '种子不发芽', consent: true }, headers);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(countRows(api, 'complaints')).toBe(2);
  });

  it('never stores the key or the access code itself', async () => {
    const key = 'plain-key-that-must-not-be-stored';
    const body = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING, { 'Idempotency-Key': key })).json();
    const { readFileSync } = await import('node:fs');
    await api.store.close();
    const bytes = readFileSync(`${api.dir}/complaints.sqlite`).toString('latin1') + readFileSync(`${api.dir}/complaints.sqlite-wal`, { flag: 'a+' }).toString('latin1');
    expect(bytes).not.toContain(key);
    expect(bytes).not.toContain(body.accessCode);
  });
});
