import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Site } from '../../api/contract/site.ts';
import { type Answer, FORMATS, type Format, type Open311Api, startOpen311Api } from '../support/open311.ts';
import { member } from '../support/staff.ts';

/*
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) and mySociety's
 * servicerequestupdates extension, checked against the specification in JSON and XML.
 */

const V2 = '/open311/v2';
const DAY = 86_400_000;
const STAFF = { kind: 'staff', id: 'desk-1' } as const;

interface Plain {
  [field: string]: string | Plain[] | Plain;
}
const list = (answer: Answer) => answer.plain as Plain[];
const one = (answer: Answer) => answer.plain as Plain;
const errorsOf = (answer: Answer) => list(answer).map((e) => e.description as string);

/** Every error answer: the spec's list of { code, description }, the code the HTTP status. */
function expectErrors(answer: Answer, format: Format, status: number, pattern: RegExp) {
  expect(answer.status, answer.raw).toBe(status);
  if (format === 'xml') expect(answer.root).toBe('errors');
  else expect(Array.isArray(answer.json)).toBe(true);
  expect(list(answer).length).toBeGreaterThan(0);
  for (const error of list(answer)) {
    expect(Object.keys(error)).toEqual(['code', 'description']);
    expect(error.code).toBe(String(status));
  }
  expect(errorsOf(answer).join(' | ')).toMatch(pattern);
}

/** A request as a streetlight client sends it. */
const STREETLIGHT = {
  jurisdiction_id: 'demo-community',
  service_code: 'repair-water-electric',
  lat: '30.2741',
  long: '120.1551',
  address_string: '3号楼 东侧路灯',
  description: '3号楼东侧路灯不亮了。',
  'attribute[still-happening]': 'yes',
};

describe('Open311 GeoReport v2', () => {
  let api: Open311Api;
  let key: string;
  beforeAll(async () => {
    api = await startOpen311Api();
    key = (await api.key('demo-community')).key;
  });
  afterAll(async () => {
    await api.close();
  });

  const file = async (fields: Record<string, string | string[] | undefined> = {}, format: Format = 'json') => {
    const answer = await api.post(`${V2}/requests.${format}`, { api_key: key, ...STREETLIGHT, ...fields });
    expect(answer.status, answer.raw).toBe(200);
    return list(answer)[0]!;
  };
  const stateOf = async (reference: string) => (await api.store.findByReference('demo-community', reference))!;
  const site = async (key = 'demo-community'): Promise<Site> => (await api.store.getSite(key))!;

  describe.each(FORMATS)('in %s', (format) => {
    it('discovery names the specification, this endpoint, production and both formats', async () => {
      const answer = await api.get(`${V2}/discovery.${format}`);
      expect(answer.status).toBe(200);
      if (format === 'xml') expect(answer.root).toBe('discovery');
      const discovery = one(answer);
      expect(Object.keys(discovery)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
      expect(discovery.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})$/);
      expect(discovery.endpoints).toEqual([
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: 'http://localhost/open311/v2',
          changeset: discovery.changeset,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ]);
    });

    it('services are the jurisdiction’s categories, named in the language asked for', async () => {
      const community = await site();
      const answer = await api.get(`${V2}/services.${format}?jurisdiction_id=demo-community&lang=en`);
      expect(answer.status).toBe(200);
      if (format === 'xml') expect(answer.root).toBe('services');
      const services = list(answer);
      expect(services.map((s) => s.service_code)).toEqual(community.policy.categories.map((c) => c.code));
      for (const service of services) {
        expect(Object.keys(service)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
        expect(service.type).toBe('realtime');
        expect(['true', 'false']).toContain(service.metadata);
      }
      const repair = services.find((s) => s.service_code === 'repair-water-electric')!;
      expect(repair).toMatchObject({ service_name: 'Water or electricity repair', metadata: 'true', group: 'Engineering and Repairs', keywords: '水电维修, 水電維修' });
      expect(repair.description).toBe('Confirmed within 24 hours, handled within 10 working days.');
      expect(services.find((s) => s.service_code === 'facilities')!.metadata).toBe('false');
      // an emergency says what to do at once
      expect(services.find((s) => s.service_code === 'fire')!.description).toContain('Call 119 now');

      const traditional = list(await api.get(`${V2}/services.${format}?jurisdiction_id=demo-community`, { 'Accept-Language': 'fr;q=1, zh-TW;q=0.8, en;q=0.5' }));
      expect(traditional.find((s) => s.service_code === 'repair-water-electric')!.service_name).toBe('水電維修');
      const byDefault = list(await api.get(`${V2}/services.${format}?jurisdiction_id=demo-community`));
      expect(byDefault.find((s) => s.service_code === 'repair-water-electric')!).toMatchObject({ service_name: '水电维修', description: '24 小时内确认,10 个工作日内办结。' });
    });

    it('a service definition gives the category’s questions as attributes', async () => {
      const answer = await api.get(`${V2}/services/repair-water-electric.${format}?jurisdiction_id=demo-community&lang=en`);
      expect(answer.status).toBe(200);
      if (format === 'xml') expect(answer.root).toBe('service_definition');
      expect(one(answer)).toEqual({
        service_code: 'repair-water-electric',
        attributes: [
          {
            variable: 'true',
            code: 'still-happening',
            datatype: 'singlevaluelist',
            required: 'false',
            datatype_description: '',
            order: '1',
            description: 'Is it still happening now?',
            values: [
              { key: 'yes', name: 'Yes' },
              { key: 'no', name: 'No' },
            ],
          },
        ],
      });
      if (format === 'json') {
        const attribute = (answer.json as { attributes: Record<string, unknown>[] }).attributes[0]!;
        expect(attribute).toMatchObject({ variable: true, required: false, order: 1, datatype_description: null });
      }
    });

    it('a service definition asks for the site’s consent, and says where a name is required', async () => {
      const conduct = one(await api.get(`${V2}/services/conduct.${format}?jurisdiction_id=demo-bureau&lang=en`));
      const attributes = conduct.attributes as Plain[];
      expect(attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
        ['subject', 'text', 'true', '1'],
        ['conduct-kind', 'singlevaluelist', 'true', '2'],
        ['accept_terms', 'singlevaluelist', 'true', '3'],
      ]);
      expect(attributes[0]!.datatype_description).toBe('at most 1000 characters');
      expect(attributes[2]!.description).toContain('I agree that the Bureau uses what I give here');
      expect(attributes[2]!.values).toEqual([{ key: 'yes', name: 'I agree' }]);

      const noise = one(await api.get(`${V2}/services/noise.${format}?jurisdiction_id=demo-hotel&lang=en`));
      expect(noise.attributes).toEqual([
        {
          variable: 'false',
          code: 'name_required',
          datatype: 'string',
          required: 'false',
          datatype_description: '',
          order: '1',
          description: 'This office records the name of everyone who complains: send first_name and last_name.',
          values: [],
        },
      ]);
    });

    it('answers an unknown service 404, a missing jurisdiction 400 and an unknown one 404', async () => {
      expectErrors(await api.get(`${V2}/services/no-such-service.${format}?jurisdiction_id=demo-community`), format, 404, /no service "no-such-service"/);
      expectErrors(await api.get(`${V2}/services.${format}`), format, 400, /jurisdiction_id is required/);
      expectErrors(await api.get(`${V2}/services.${format}?jurisdiction_id=nowhere`), format, 404, /no jurisdiction "nowhere"/);
      expectErrors(await api.get(`${V2}/requests.${format}?jurisdiction_id=nowhere`), format, 404, /no jurisdiction/);
      expectErrors(await api.get(`${V2}/nothing-here.${format}?jurisdiction_id=demo-community`), format, 404, /nothing at/);
    });

    it('files a request with an API key; it enters the workflow like any complaint, channel open311', async () => {
      const answer = await api.post(`${V2}/requests.${format}`, { api_key: key, ...STREETLIGHT, media_url: 'https://photos.example.org/lamp.jpg', address_id: 'ADDR-42' });
      expect(answer.status, answer.raw).toBe(200);
      expect(answer.headers.get('content-type')).toBe(format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
      if (format === 'xml') expect(answer.root).toBe('service_requests');
      const [filed] = list(answer);
      expect(Object.keys(filed!)).toEqual(['service_request_id', 'service_notice', 'account_id', 'token']);
      expect(filed!.service_request_id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(filed!.service_notice).toBe('24 小时内确认,10 个工作日内办结。');
      expect(filed!.account_id).toBe('');
      if (format === 'json') expect(typeof (answer.json as { service_request_id: unknown }[])[0]!.service_request_id).toBe('string');

      const state = await stateOf(filed!.service_request_id as string);
      expect(state).toMatchObject({
        channel: 'open311',
        status: 'registered',
        category: 'repair-water-electric',
        department: 'engineering',
        description: '3号楼东侧路灯不亮了。',
        place: { address: '3号楼 东侧路灯' },
        answers: { 'still-happening': 'yes' },
        language: 'zh-Hans',
      });
      const registered = (await api.store.readEvents(state.id))[0]!;
      expect(registered.data).toMatchObject({ location: { lat: 30.2741, lng: 120.1551 }, mediaUrl: 'https://photos.example.org/lamp.jpg', addressId: 'ADDR-42' });
      expect(filed!.token).toBe(state.id);
    });

    it('refuses a request without an api_key, with a wrong, revoked or another jurisdiction’s key: 403', async () => {
      const fields = { ...STREETLIGHT };
      expectErrors(await api.post(`${V2}/requests.${format}`, fields), format, 403, /api_key is required/);
      expectErrors(await api.post(`${V2}/requests.${format}`, { ...fields, api_key: 'cdk_wrong' }), format, 403, /api_key is not a valid key/);
      expectErrors(await api.post(`${V2}/requests.${format}`, { ...fields, api_key: `cdk_${'A'.repeat(43)}` }), format, 403, /api_key is not a valid key/);
      const hotelKey = (await api.key('demo-hotel')).key;
      expectErrors(await api.post(`${V2}/requests.${format}`, { ...fields, api_key: hotelKey }), format, 403, /not a key of jurisdiction "demo-community"/);
      const revoked = await api.key('demo-community');
      await api.store.revokeApiKey('demo-community', revoked.id, new Date().toISOString());
      expectErrors(await api.post(`${V2}/requests.${format}`, { ...fields, api_key: revoked.key }), format, 403, /revoked/);
      expectErrors(await api.post(`${V2}/requests.${format}`, { ...fields, api_key: key, jurisdiction_id: 'nowhere' }), format, 404, /no jurisdiction "nowhere"/);
    });

    it('refuses what the spec and the service do not allow with 400, naming every field', async () => {
      const post = (fields: Record<string, string | string[] | undefined>) => api.post(`${V2}/requests.${format}`, { api_key: key, ...STREETLIGHT, ...fields });
      expectErrors(await post({ service_code: undefined }), format, 400, /service_code is required/);
      expectErrors(await post({ service_code: 'no-such-service' }), format, 400, /service_code "no-such-service" is not a service/);
      expectErrors(await post({ lat: undefined, long: undefined, address_string: undefined }), format, 400, /a location is required: lat and long, address_string or address_id/);
      expectErrors(await post({ long: undefined, address_string: undefined }), format, 400, /lat and long go together/);
      expectErrors(await post({ lat: '91' }), format, 400, /lat must be a number from -90 to 90/);
      expectErrors(await post({ long: 'east' }), format, 400, /long must be a number from -180 to 180/);
      expectErrors(await post({ 'attribute[still-happening]': 'perhaps' }), format, 400, /attribute\[still-happening\] must be one of "yes", "no"/);
      expectErrors(await post({ 'attribute[colour]': 'red' }), format, 400, /attribute\[colour\] is not an attribute of service "repair-water-electric"/);
      expectErrors(await post({ 'attribute[still-happening]': ['yes', 'no'] }), format, 400, /attribute\[still-happening\] takes one value/);
      expectErrors(await post({ description: undefined }), format, 400, /description is required/);
      expectErrors(await post({ email: 'not an address', media_url: 'ftp://x' }), format, 400, /email: .*\|.*media_url must be an http or https URL/);
      const all = await post({ description: undefined, lat: undefined, long: undefined, address_string: undefined, 'attribute[colour]': 'red' });
      expect(list(all)).toHaveLength(3);

      // the service's own attributes: required ones, and the site's consent
      const bureauKey = (await api.key('demo-bureau')).key;
      const conduct = { api_key: bureauKey, jurisdiction_id: 'demo-bureau', service_code: 'conduct', address_string: '政务服务中心', description: '窗口人员态度差' };
      expectErrors(await api.post(`${V2}/requests.${format}`, conduct), format, 400, /attribute\[subject\] is required.*attribute\[conduct-kind\] is required.*attribute\[accept_terms\] is required/);
      expectErrors(
        await api.post(`${V2}/requests.${format}`, { ...conduct, 'attribute[subject]': '窗口3号', 'attribute[conduct-kind]': 'rude-enforcement', 'attribute[accept_terms]': 'no' }),
        format,
        400,
        /attribute\[accept_terms\] must be "yes"/,
      );
      const accepted = await api.post(`${V2}/requests.${format}`, { ...conduct, 'attribute[subject]': '窗口3号', 'attribute[conduct-kind]': 'rude-enforcement', 'attribute[accept_terms]': 'yes' });
      expect(accepted.status, accepted.raw).toBe(200);
      const state = (await api.store.findByReference('demo-bureau', list(accepted)[0]!.service_request_id as string))!;
      expect(state.answers).toEqual({ subject: '窗口3号', 'conduct-kind': 'rude-enforcement' });
      const registered = (await api.store.readEvents(state.id))[0]!;
      expect(registered.data).toHaveProperty('consentTo');

      // the hotel records every complainant's name
      const hotelKey = (await api.key('demo-hotel')).key;
      const noise = { api_key: hotelKey, jurisdiction_id: 'demo-hotel', service_code: 'noise', address_string: '12/F', description: 'Loud music next door' };
      expectErrors(await api.post(`${V2}/requests.${format}`, noise), format, 400, /first_name and last_name: this site asks for a name/);
      expect((await api.post(`${V2}/requests.${format}`, { ...noise, first_name: 'Tai Man', last_name: 'Chan' })).status).toBe(200);
    });

    it('takes the request only form-encoded', async () => {
      const response = await api.app.request(`${V2}/requests.${format}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api_key: key, ...STREETLIGHT }) });
      const { read } = await import('../support/open311.ts');
      expectErrors(await read(response), format, 400, /form-encoded/);
    });

    it('answers one request, a list of one, and 404 for an unknown id', async () => {
      const filed = await file({ address_string: 'Gate 2' });
      const answer = await api.get(`${V2}/requests/${filed.service_request_id}.${format}?jurisdiction_id=demo-community&lang=en`);
      expect(answer.status).toBe(200);
      if (format === 'xml') expect(answer.root).toBe('service_requests');
      const [request] = list(answer);
      expect(Object.keys(request!)).toEqual([
        'service_request_id',
        'status',
        'status_notes',
        'service_name',
        'service_code',
        'description',
        'agency_responsible',
        'service_notice',
        'requested_datetime',
        'updated_datetime',
        'expected_datetime',
        'address',
        'address_id',
        'zipcode',
        'lat',
        'long',
        'media_url',
      ]);
      expect(request).toMatchObject({
        service_request_id: filed.service_request_id,
        status: 'open',
        service_name: 'Water or electricity repair',
        service_code: 'repair-water-electric',
        description: '3号楼东侧路灯不亮了。',
        agency_responsible: 'Engineering and Repairs',
        address: 'Gate 2',
        lat: '30.2741',
        long: '120.1551',
      });
      // W3C datetimes in the site's zone; what the office promises next (on site within 15 minutes)
      expect(request!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      expect(Date.parse(request!.expected_datetime as string) - Date.parse(request!.requested_datetime as string)).toBe(15 * 60_000);
      if (format === 'json') {
        const typed = (answer.json as Record<string, unknown>[])[0]!;
        expect(typeof typed.service_request_id).toBe('string');
        expect(typeof typed.service_code).toBe('string');
        expect(typed.lat).toBe(30.2741);
      }
      expectErrors(await api.get(`${V2}/requests/ZZZZ-ZZZZ.${format}?jurisdiction_id=demo-community`), format, 404, /no service request "ZZZZ-ZZZZ"/);
      // a request of another jurisdiction is not there
      expectErrors(await api.get(`${V2}/requests/${filed.service_request_id}.${format}?jurisdiction_id=demo-hotel`), format, 404, /no service request/);
    });

    it('a token leads to its request', async () => {
      const filed = await file();
      const answer = await api.get(`${V2}/tokens/${filed.token}.${format}?jurisdiction_id=demo-community`);
      expect(answer.status).toBe(200);
      if (format === 'xml') expect(answer.root).toBe('service_requests');
      expect(list(answer)).toEqual([{ service_request_id: filed.service_request_id, token: filed.token }]);
      expectErrors(await api.get(`${V2}/tokens/00000000-0000-7000-8000-000000000000.${format}?jurisdiction_id=demo-community`), format, 404, /no token/);
      expectErrors(await api.get(`${V2}/tokens/${filed.token}.${format}?jurisdiction_id=demo-hotel`), format, 404, /no token/);
    });

    it('filters requests by id (overriding every other filter), service_code, dates and status', async () => {
      const a = await file({ service_code: 'facilities', 'attribute[still-happening]': undefined });
      const b = await file();
      const ids = `${a.service_request_id},${b.service_request_id}`;
      const byId = list(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&service_request_id=${ids}&service_code=environment&status=closed`));
      expect(byId.map((r) => r.service_request_id).sort()).toEqual([a.service_request_id, b.service_request_id].sort());

      const facilities = list(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&service_code=facilities,environment`));
      expect(facilities.map((r) => r.service_request_id)).toContain(a.service_request_id);
      expect(facilities.every((r) => r.service_code === 'facilities' || r.service_code === 'environment')).toBe(true);

      await api.desk.execute(await site(), (await stateOf(a.service_request_id as string)).id, { type: 'withdraw', reason: 'fixed itself' }, { kind: 'complainant' });
      const closed = list(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&status=closed`));
      expect(closed.map((r) => r.service_request_id)).toContain(a.service_request_id);
      expect(closed.every((r) => r.status === 'closed')).toBe(true);
      const open = list(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&status=open`));
      expect(open.map((r) => r.service_request_id)).toContain(b.service_request_id);
      expect(open.map((r) => r.service_request_id)).not.toContain(a.service_request_id);
      expect(open.every((r) => r.status === 'open')).toBe(true);
      const both = list(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&status=open,closed`));
      expect(both.length).toBe(open.length + closed.length);
      expectErrors(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&status=pending`), format, 400, /status must be open or closed/);

      // newest first
      const all = list(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community`));
      const times = all.map((r) => Date.parse(r.requested_datetime as string));
      expect(times).toEqual([...times].sort((x, y) => y - x));
    });

    it('defaults to the last 90 days, and takes W3C dates spanning at most 90 days', async () => {
      const now = api.clock.now();
      api.clock.set(new Date(now.getTime() - 100 * DAY));
      const old = await file({ description: '一百天前的路灯' });
      api.clock.set(new Date(now.getTime() - 10 * DAY));
      const recent = await file({ description: '十天前的路灯' });
      api.clock.set(now);

      const ids = (answer: Answer) => list(answer).map((r) => r.service_request_id);
      const byDefault = ids(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community`));
      expect(byDefault).toContain(recent.service_request_id);
      expect(byDefault).not.toContain(old.service_request_id);

      const from = new Date(now.getTime() - 101 * DAY).toISOString();
      const to = new Date(now.getTime() - 99 * DAY).toISOString();
      const then = ids(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&start_date=${from}&end_date=${to}`));
      expect(then).toContain(old.service_request_id);
      expect(then).not.toContain(recent.service_request_id);
      // a start alone reaches up to 90 days after it; a +hh:mm offset sent unencoded (a space) is understood
      const start = new Date(now.getTime() - 100 * DAY - 3_600_000);
      const local = new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
      expect(ids(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&start_date=${local}+08:00`))).toContain(old.service_request_id);
      expectErrors(
        await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&start_date=${new Date(now.getTime() - 120 * DAY).toISOString()}&end_date=${now.toISOString()}`),
        format,
        400,
        /may not span more than 90 days/,
      );
      expectErrors(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&start_date=yesterday`), format, 400, /start_date must be a W3C datetime/);
      expectErrors(await api.get(`${V2}/requests.${format}?jurisdiction_id=demo-community&start_date=${to}&end_date=${from}`), format, 400, /start_date must not be after end_date/);
    });

    it('servicerequestupdates: what happened in public, with the extended statuses, oldest first', async () => {
      const filed = await file();
      const state = await stateOf(filed.service_request_id as string);
      const community = await site();
      const at = api.clock.now();
      const step = async (minutes: number, command: Parameters<typeof api.desk.execute>[2]) => {
        api.clock.set(new Date(at.getTime() + minutes * 60_000));
        await api.desk.execute(community, state.id, command, STAFF);
      };
      await step(1, { type: 'accept', notice: '已受理,将派维修工上门。' });
      await step(2, { type: 'add-note', note: '内部:找老王', public: false });
      await step(3, { type: 'dispatch', department: 'engineering', assignee: '王师傅' });
      await step(4, { type: 'resolve', result: '已更换灯泡', basis: '巡查确认' });
      await step(5, { type: 'send-feedback', channel: 'online', message: '路灯已修好,请确认。' });
      const start = new Date(at.getTime() + 30_000).toISOString();
      const end = new Date(at.getTime() + 5 * 60_000).toISOString();
      const answer = await api.get(`${V2}/servicerequestupdates.${format}?jurisdiction_id=demo-community&start_date=${start}&end_date=${end}`);
      api.clock.set(new Date(at.getTime() + 6 * 60_000));
      expect(answer.status).toBe(200);
      if (format === 'xml') expect(answer.root).toBe('service_requests_updates');
      const updates = list(answer).filter((u) => u.service_request_id === filed.service_request_id);
      for (const update of updates) expect(Object.keys(update)).toEqual(['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
      expect(updates.map((u) => [u.status, u.description])).toEqual([
        ['OPEN', '已受理,将派维修工上门。'],
        ['INVESTIGATING', '工程维修部'],
        ['FIXED', '已更换灯泡\n巡查确认'],
        ['FIXED', '路灯已修好,请确认。'],
      ]);
      expect(JSON.stringify(updates)).not.toContain('内部');
      expect(new Set(updates.map((u) => u.update_id)).size).toBe(4);
      for (const update of updates) expect(update.update_id).toMatch(new RegExp(`^${filed.service_request_id}\\.\\d+$`));

      // the default span is the last day
      api.clock.set(new Date(at.getTime() + 2 * DAY));
      const later = list(await api.get(`${V2}/servicerequestupdates.${format}?jurisdiction_id=demo-community`));
      expect(later.filter((u) => u.service_request_id === filed.service_request_id)).toEqual([]);
      api.clock.set(new Date(at.getTime() + 6 * 60_000));
      const lastDay = list(await api.get(`${V2}/servicerequestupdates.${format}?jurisdiction_id=demo-community`));
      expect(lastDay.filter((u) => u.service_request_id === filed.service_request_id)).toHaveLength(4);
      expectErrors(await api.get(`${V2}/servicerequestupdates.${format}`), format, 400, /jurisdiction_id is required/);
    });

    it('servicerequestupdates of a complaint made on the form or to staff carry the status, not the office’s words', async () => {
      const community = await site();
      const filed = await api.desk.file(community, { category: 'facilities', description: '私下说的事', place: {}, answers: {} });
      const state = await stateOf(filed.body.reference);
      await api.desk.execute(community, state.id, { type: 'accept', notice: '给您个人的回复' }, STAFF);
      const updates = list(await api.get(`${V2}/servicerequestupdates.${format}?jurisdiction_id=demo-community`)).filter((u) => u.service_request_id === filed.body.reference);
      expect(updates.map((u) => [u.status, u.description])).toEqual([['OPEN', '']]);
      const [request] = list(await api.get(`${V2}/requests/${filed.body.reference}.${format}?jurisdiction_id=demo-community`));
      expect(request).toMatchObject({ description: '', status_notes: '', address: '', lat: '', long: '', status: 'open' });
    });

    it('POST servicerequestupdates records the complainant’s word where the procedure has a place for it', async () => {
      const community = await site();
      const filed = await file();
      const id = (await stateOf(filed.service_request_id as string)).id;
      const update = (fields: Record<string, string | undefined>) =>
        api.post(`${V2}/servicerequestupdates.${format}`, { api_key: key, jurisdiction_id: 'demo-community', service_request_id: filed.service_request_id as string, ...fields });

      // nothing asked: a comment has no place yet
      expectErrors(await update({ status: 'OPEN', description: '还是不亮' }), format, 400, /cannot be recorded while the request is registered/);
      // the office asks; the answer comes back as information, once for one update_id
      await api.desk.execute(community, id, { type: 'request-information', question: '是哪一盏灯?' }, STAFF);
      const answered = await update({ status: 'OPEN', description: '东侧第二盏', update_id: `fms-${format}-1001` });
      expect(answered.status, answered.raw).toBe(200);
      if (format === 'xml') expect(answered.root).toBe('service_request_updates');
      const [recorded] = list(answered);
      expect(Object.keys(recorded!)).toEqual(['update_id']);
      const again = await update({ status: 'OPEN', description: '东侧第二盏', update_id: `fms-${format}-1001` });
      expect(list(again)).toEqual([recorded]);
      const events = await api.store.readEvents(id);
      expect(events.filter((e) => e.type === 'information-provided').map((e) => e.data)).toEqual([{ text: '东侧第二盏', attachments: [] }]);
      expect(recorded!.update_id).toBe(`${filed.service_request_id}.${events.find((e) => e.type === 'information-provided')!.seq}`);
      expectErrors(await update({ status: 'CLOSED', update_id: `fms-${format}-1001` }), format, 400, /update_id "fms-\w+-1001" was used for a different update/);

      // fixed: the complainant confirms it; then asks for a review
      await api.desk.execute(community, id, { type: 'accept' }, STAFF);
      await api.desk.execute(community, id, { type: 'dispatch', department: 'engineering', assignee: '王师傅' }, STAFF);
      await api.desk.execute(community, id, { type: 'resolve', result: '已修好', basis: '现场确认' }, STAFF);
      await api.desk.execute(community, id, { type: 'send-feedback', channel: 'online', message: '已修好' }, STAFF);
      expect((await update({ status: 'FIXED', description: '谢谢' })).status).toBe(200);
      expect((await api.store.getComplaint(id))!.satisfaction).toBe('satisfied');
      expectErrors(await update({ status: 'OPEN' }), format, 400, /needs a description/);
      expect((await update({ status: 'open', description: '又坏了' })).status).toBe(200);
      expect((await api.store.getComplaint(id))!.status).toBe('reopened');
      // closed by the complainant: withdrawn
      expect((await update({ status: 'CLOSED', description: '不用修了' })).status).toBe(200);
      expect((await api.store.getComplaint(id))!.status).toBe('withdrawn');
      expectErrors(await update({ status: 'CLOSED' }), format, 400, /cannot be recorded while the request is withdrawn/);

      expectErrors(await update({ status: 'MAYBE' }), format, 400, /status must be one of OPEN, INVESTIGATING/);
      expectErrors(await update({ status: 'CLOSED', api_key: undefined }), format, 403, /api_key is required/);
      expectErrors(await update({ status: 'CLOSED', service_request_id: 'ZZZZ-ZZZZ' }), format, 404, /no service request/);
      const web = await api.desk.file(community, { category: 'facilities', description: '网页上提交的', place: {}, answers: {} });
      expectErrors(await update({ status: 'CLOSED', service_request_id: web.body.reference }), format, 403, /only requests filed through Open311/);
    });

    it('records an update_id sent twice at once only once', async () => {
      const filed = await file();
      const id = (await stateOf(filed.service_request_id as string)).id;
      await api.desk.execute(await site(), id, { type: 'request-information', question: '几点发现的?' }, STAFF);
      const send = () =>
        api.post(`${V2}/servicerequestupdates.${format}`, {
          api_key: key,
          jurisdiction_id: 'demo-community',
          service_request_id: filed.service_request_id as string,
          status: 'OPEN',
          description: '晚上八点',
          update_id: `fms-${format}-twice`,
        });
      const answers = await Promise.all([send(), send(), send()]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(new Set(answers.map((a) => JSON.stringify(a.plain))).size).toBe(1);
      expect((await api.store.readEvents(id)).filter((e) => e.type === 'information-provided')).toHaveLength(1);
    });

    it('never gives personal data in a GET, whatever was posted', async () => {
      const personal = {
        first_name: 'Xiaoming',
        last_name: 'Testperson',
        email: 'xiaoming.testperson@residents-mail.example',
        phone: '+86 138 0013 8000',
        device_id: 'device-7f3a9c2e',
        account_id: 'account-55821',
      };
      const description = `Streetlight out at 12 Garden Road. Call me on +86 138 0013 8000, 13800138000 or write to xiaoming.testperson@residents-mail.example. Xiaoming Testperson`;
      const posted = await api.post(`${V2}/requests.${format}`, { api_key: key, ...STREETLIGHT, ...personal, description, address_string: 'Garden Road, ask for Xiaoming' });
      expect(posted.status, posted.raw).toBe(200);
      const [filed] = list(posted);
      expect(posted.raw).not.toContain('account-55821');
      const reference = filed!.service_request_id as string;
      const id = (await stateOf(reference)).id;
      const community = await site();
      await api.desk.execute(community, id, { type: 'accept', notice: 'Dear Xiaoming Testperson, we will call +86 138 0013 8000.' }, STAFF);

      // kept for the office: the manager can reveal it
      const manager = await member(api, `manager-${format}@example.cn`, [{ site: 'demo-community', roles: ['manager'] }]);
      const revealed = await (await manager.call('POST', `/api/v1/staff/sites/demo-community/complaints/${id}/reveal`)).json();
      expect(revealed).toMatchObject({ name: 'Xiaoming Testperson', email: personal.email, phone: personal.phone });

      const bodies: string[] = [];
      for (const f of FORMATS) {
        for (const path of [
          `requests.${f}?jurisdiction_id=demo-community`,
          `requests.${f}?jurisdiction_id=demo-community&service_request_id=${reference}`,
          `requests/${reference}.${f}?jurisdiction_id=demo-community`,
          `tokens/${filed!.token}.${f}?jurisdiction_id=demo-community`,
          `servicerequestupdates.${f}?jurisdiction_id=demo-community`,
          `services.${f}?jurisdiction_id=demo-community`,
          `services/repair-water-electric.${f}?jurisdiction_id=demo-community`,
          `discovery.${f}`,
        ]) {
          const answer = await api.get(`${V2}/${path}`);
          expect(answer.status, path).toBe(200);
          bodies.push(answer.raw);
        }
      }
      const everything = bodies.join('\n');
      expect(everything).toContain(reference);
      for (const secret of ['Xiaoming', 'xiaoming', 'Testperson', 'residents-mail', '138 0013 8000', '13800138000', '0013', 'device-7f3a9c2e', 'account-55821']) {
        expect(everything, secret).not.toContain(secret);
      }
      // the problem itself is still described
      const [request] = list(await api.get(`${V2}/requests/${reference}.${format}?jurisdiction_id=demo-community`));
      expect(request!.description).toBe('Streetlight out at 12 Garden Road. Call me on ***, *** or write to ***. ***');
      expect(request!.status_notes).toBe('Dear ***, we will call ***.');
      expect(request!.address).toBe('Garden Road, ask for ***');
    });

    it('GETs are open to any page; POSTs, which need a key, get no CORS', async () => {
      const get = await api.app.request(`${V2}/services.${format}?jurisdiction_id=demo-community`, { headers: { Origin: 'https://client.example' } });
      expect(get.headers.get('access-control-allow-origin')).toBe('*');
      const preflight = await api.app.request(`${V2}/requests.${format}`, { method: 'OPTIONS', headers: { Origin: 'https://client.example', 'Access-Control-Request-Method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET');
      const post = await api.app.request(`${V2}/requests.${format}`, {
        method: 'POST',
        headers: { Origin: 'https://client.example', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: key, ...STREETLIGHT }).toString(),
      });
      expect(post.status).toBe(200);
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  it('the filed request is in the office’s queue like any complaint, channel open311', async () => {
    const filed = await file({ first_name: '小明', last_name: '李', phone: '13800004220', description: '楼道灯不亮,open311 队列测试' });
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const queue = await (await desk.call('GET', '/api/v1/staff/sites/demo-community/complaints?channel=open311&sort=due&limit=100')).json();
    const item = queue.items.find((i: { reference: string }) => i.reference === filed.service_request_id);
    expect(item).toMatchObject({ channel: 'open311', status: 'registered', category: { code: 'repair-water-electric' }, complainant: { name: '李**', phone: '138****4220' } });
    // the Chinese name is written family name first
    expect((await stateOf(filed.service_request_id as string)).complainant?.name).toBe('李小明');
  });

  it('a retry with the same Idempotency-Key files once and answers the same', async () => {
    const send = () => api.post(`${V2}/requests.json`, { api_key: key, ...STREETLIGHT, description: '幂等测试' }, { 'Idempotency-Key': 'open311-retry-0001' });
    const first = await send();
    const second = await send();
    expect(list(second)).toEqual(list(first));
    expect((await api.store.listComplaints({ siteKey: 'demo-community', text: '幂等测试', sort: 'registered', limit: 10, now: new Date().toISOString() })).total).toBe(1);
  });

  it('writes the route, never the request, to the log', async () => {
    api.logs.length = 0;
    await file({ description: '日志里不该有的描述' });
    const line = api.logs.find((l) => l.route === '/open311/v2/:file');
    expect(line).toMatchObject({ method: 'POST', status: 200 });
    expect(JSON.stringify(api.logs)).not.toContain('日志里不该有的描述');
    expect(JSON.stringify(api.logs)).not.toContain(key);
  });
});

describe('Open311 at most 1000 requests', () => {
  let api: Open311Api;
  beforeEach(async () => {
    api = await startOpen311Api();
  });
  afterEach(async () => {
    await api.close();
  });

  it('answers the newest 1000 of more, and finds an older one by its id', async () => {
    const site = (await api.store.getSite('demo-community'))!;
    const start = api.clock.now().getTime() - 2 * DAY;
    const references: string[] = [];
    for (let i = 0; i < 1005; i += 1) {
      api.clock.set(new Date(start + i * 60_000));
      references.push((await api.desk.file(site, { category: 'facilities', description: `第${i}盏灯`, place: {}, answers: {} })).body.reference);
    }
    api.clock.set(new Date(start + 2 * DAY));
    for (const format of FORMATS) {
      const answer = await api.get(`/open311/v2/requests.${format}?jurisdiction_id=demo-community`);
      const ids = list(answer).map((r) => r.service_request_id);
      expect(ids).toHaveLength(1000);
      expect(ids[0]).toBe(references.at(-1));
      expect(ids).not.toContain(references[0]);
      const oldest = list(await api.get(`/open311/v2/requests.${format}?jurisdiction_id=demo-community&service_request_id=${references[0]}`));
      expect(oldest.map((r) => r.service_request_id)).toEqual([references[0]]);
    }
  }, 60_000);
});
