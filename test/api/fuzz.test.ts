import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POW_HEADER } from '../../api/abuse/proof-of-work.ts';
import { createApp } from '../../api/http/app.ts';
import { silentLogger } from '../../api/http/logger.ts';
import { seedDemoSites } from '../../api/seed/seed.ts';
import { ApiKeys } from '../../api/service/api-keys.ts';
import { checkRecord } from '../../api/service/record-check.ts';
import type { Store } from '../../api/store/store.ts';
import { type TestApi, countRows, startTestApi } from '../support/api.ts';
import { defences, proofOfWork } from '../support/abuse.ts';
import { CLEAN_JPEG, CLEAN_PNG, CLEAN_WEBP } from '../support/photos.ts';
import { postgresReachable, schemaStore } from '../support/postgres.ts';
import { type Member, member } from '../support/staff.ts';

/**
 * Property-based fuzzing of every public endpoint: whatever arrives, the answer is never a 500,
 * and the record never holds half of anything. 200 requests per endpoint, made of what attackers
 * send (SQL and script fragments, control and bidirectional characters, wrong types, deep and
 * huge values) mixed with what the forms send.
 */
const RUNS = 200;

const NASTY = [
  "'",
  '"',
  '`',
  ';',
  '--',
  '/*',
  '*/',
  '\\',
  '%',
  '_',
  "' OR '1'='1",
  "'); DROP TABLE complaints;--",
  '1; SELECT pg_sleep(10)',
  '$1',
  '?',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '../../../../etc/passwd',
  '%2e%2e%2f',
  '\u0000',
  '\u001b[2J',
  '\u202e',
  '\ufeff',
  '\r\n',
  '𠜎𠜱',
  '🙂',
  '__proto__',
  'constructor',
  'NaN',
  'null',
  ' ',
  '',
];
const nasty = fc.constantFrom(...NASTY);
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { maxLength: 6 }).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5001), '长'.repeat(1001)) },
);
/** What may travel in a header or a path: printable ASCII */
const printable = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom("'", "' OR 1=1--", '..', '%00', 'AAAAA-AAAAA-AAAAA-AAAAA', 'link.x.y'),
);
const site = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('demo-community', 'demo-hotel', 'demo-bureau') }, { weight: 1, arbitrary: printable });
const anything = fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true });

const filing = fc.record(
  {
    category: fc.oneof(fc.constantFrom('facilities', 'noise', 'fire', 'environment', 'repair-water-electric', 'conduct', 'service-quality'), text, anything),
    description: fc.oneof(text, fc.constant('楼道灯坏了'), anything),
    place: fc.oneof(fc.record({ unit: text, room: text, address: text }, { requiredKeys: [] }), anything),
    answers: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom('subject', 'conduct-kind', 'still-happening'), fc.string()), text, { maxKeys: 4 }), anything),
    complainant: fc.oneof(
      fc.record(
        {
          name: text,
          phone: fc.oneof(text, fc.constant('+86 139 1234 5678')),
          email: fc.oneof(text, fc.emailAddress()),
          preferredContact: fc.oneof(text, fc.constantFrom('phone', 'email', 'letter', 'none')),
        },
        { requiredKeys: [] },
      ),
      anything,
    ),
    language: fc.oneof(fc.constantFrom('en', 'zh-Hans', 'zh-Hant'), text),
    attachments: fc.oneof(fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 4 }), anything),
    location: fc.oneof(fc.record({ lat: fc.double(), lng: fc.double(), accuracy: fc.double() }, { requiredKeys: [] }), anything),
    consent: fc.oneof(fc.boolean(), anything),
    website: fc.oneof(fc.constant(''), text),
  },
  { requiredKeys: [] },
);
/** Control characters other than tab and line breaks: what no form sends. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const withoutControl = (value: string) => value.replace(CONTROL, '');
/** Text a form accepts: something left after trimming, no control characters, within the limit. */
const typed = (max: number) => text.map((value) => withoutControl(value).slice(0, max)).filter((value) => value.trim().length > 0);
/** Complaints each site takes, with whatever a person may type in them. */
const validFiling = fc.oneof(
  fc.record({ site: fc.constant('demo-community'), body: fc.record({ category: fc.constant('facilities'), description: typed(5000), place: fc.record({ unit: typed(100) }) }) }),
  fc.record({ site: fc.constant('demo-hotel'), body: fc.record({ category: fc.constant('noise'), description: typed(5000), complainant: fc.record({ name: typed(100) }) }) }),
  fc.record({ site: fc.constant('demo-bureau'), body: fc.record({ category: fc.constant('service-quality'), description: typed(5000), consent: fc.constant(true) }) }),
);
const jsonBody = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 6, arbitrary: arbitrary.map((value) => JSON.stringify(value) ?? '') }, { weight: 1, arbitrary: fc.json() }, { weight: 1, arbitrary: fc.string() });
const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', '') });

const action = fc.oneof(
  fc.record({ action: fc.constant('provide-information'), text, attachments: fc.oneof(fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 2 }), anything) }, { requiredKeys: ['action'] }),
  fc.record({ action: fc.constant('answer-plan'), agrees: fc.oneof(fc.boolean(), anything), comment: text }, { requiredKeys: ['action'] }),
  fc.record({ action: fc.constant('rate'), rating: fc.oneof(fc.constantFrom('satisfied', 'partly', 'dissatisfied'), text), comment: text }, { requiredKeys: ['action'] }),
  fc.record({ action: fc.constant('request-review'), reason: text }, { requiredKeys: ['action'] }),
  fc.record({ action: fc.constant('withdraw'), reason: text }, { requiredKeys: ['action'] }),
  anything,
);

let api: TestApi;
let staff: Member;
let apiKey: string;
const filed: { site: string; reference: string; accessCode: string }[] = [];

/** The answer is one the caller can act on: never a server error; an API error has its code. */
async function sane(response: Response, what: string): Promise<Response> {
  expect(response.status, `${what} → ${response.status}`).toBeLessThan(500);
  if (response.status >= 400 && response.headers.get('content-type')?.includes('application/json')) {
    const body = await response.clone().json();
    const code = Array.isArray(body) ? body[0]?.code : body.error?.code;
    expect(code, `${what}: error without a code`).toBeDefined();
  }
  return response;
}

const request = (method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
  Promise.resolve(api.app.request(path, { method, ...init }));

beforeAll(async () => {
  api = await startTestApi();
  staff = await member(api, 'fuzz-desk@example.cn', [
    { site: 'demo-community', roles: ['front-desk', 'manager'] },
    { site: 'demo-hotel', roles: ['front-desk', 'manager'] },
  ]);
  apiKey = (await new ApiKeys(api.store).create((await api.store.getSite('demo-community'))!, 'fuzz', 'test')).key;
});
afterAll(async () => {
  await api.close();
});

describe('fuzzing the public endpoints', () => {
  it('POST /sites/{site}/complaints', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(validFiling.map(({ site, body }) => ({ site, body: JSON.stringify(body) })), fc.record({ site, body: jsonBody(filing) })),
        contentType,
        fc.option(fc.constantFrom('fuzz-key-0001', 'fuzz-key-0002', 'x'), { nil: undefined }),
        async ({ site: key, body }, type, idempotency) => {
        const response = await sane(
          await request('POST', `/api/v1/sites/${encodeURIComponent(key)}/complaints`, {
            body,
            headers: { 'Content-Type': type, ...(idempotency ? { 'Idempotency-Key': idempotency } : {}) },
          }),
          `filing ${body.slice(0, 200)}`,
        );
        if (response.status === 201) filed.push({ site: key, ...((await response.json()) as { reference: string; accessCode: string }) });
        },
      ),
      { numRuns: RUNS },
    );
    expect(filed.length, 'some of the fuzzed complaints were valid and filed').toBeGreaterThan(5);
  });

  it('GET /sites/{site}, /challenge, /complaints/{reference}', async () => {
    await fc.assert(
      fc.asyncProperty(site, printable, printable, fc.nat(), async (key, reference, code, pick) => {
        const known = filed[pick % filed.length]!;
        await sane(await request('GET', `/api/v1/sites/${encodeURIComponent(key)}`), `site ${key}`);
        await sane(await request('GET', `/api/v1/sites/${encodeURIComponent(key)}/challenge`), `challenge ${key}`);
        await sane(await request('GET', `/api/v1/sites/${encodeURIComponent(key)}/complaints/${encodeURIComponent(reference)}`, { headers: { 'X-Access-Code': code } }), `track ${reference}`);
        // the right reference with a wrong code, and the right code with a mangled reference
        await sane(await request('GET', `/api/v1/sites/${known.site}/complaints/${known.reference}`, { headers: { 'X-Access-Code': code } }), 'wrong code');
        const right = await sane(await request('GET', `/api/v1/sites/${known.site}/complaints/${known.reference}`, { headers: { 'X-Access-Code': known.accessCode } }), 'right code');
        expect(right.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /complaints/{reference}/actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), jsonBody(action), contentType, fc.boolean(), async (pick, body, type, rightCode) => {
        const known = filed[pick % filed.length]!;
        await sane(
          await request('POST', `/api/v1/sites/${known.site}/complaints/${known.reference}/actions`, {
            body,
            headers: { 'Content-Type': type, 'X-Access-Code': rightCode ? known.accessCode : 'WRONG-CODE0-AAAAA-AAAAA' },
          }),
          `action ${body.slice(0, 200)}`,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /sites/{site}/attachments and GET the photos', async () => {
    const photo = fc.oneof(
      fc.uint8Array({ maxLength: 600 }),
      fc.tuple(fc.constantFrom(CLEAN_JPEG, CLEAN_PNG, CLEAN_WEBP), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([clean, at, value]) => {
        const bytes = new Uint8Array(clean);
        bytes[at % bytes.length] = value;
        return bytes;
      }),
      fc.constantFrom(...[CLEAN_JPEG, CLEAN_PNG, CLEAN_WEBP].map((b) => new Uint8Array(b))),
    );
    const type = fc.oneof(fc.constantFrom('image/jpeg', 'image/png', 'image/webp'), fc.constantFrom('image/svg+xml', 'text/html', 'image/jpeg; charset=x', ''), printable);
    await fc.assert(
      fc.asyncProperty(site, photo, type, fc.nat(), printable, async (key, bytes, declared, pick, id) => {
        await sane(await request('POST', `/api/v1/sites/${encodeURIComponent(key)}/attachments`, { body: bytes, headers: { 'Content-Type': declared } }), `upload ${declared}`);
        const known = filed[pick % filed.length]!;
        await sane(
          await request('GET', `/api/v1/sites/${known.site}/complaints/${known.reference}/attachments/${encodeURIComponent(id)}`, { headers: { 'X-Access-Code': known.accessCode } }),
          `photo ${id}`,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /live-token and GET /live', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), printable, printable, async (pick, code, token) => {
        const known = filed[pick % filed.length]!;
        await sane(await request('POST', `/api/v1/sites/${known.site}/complaints/${known.reference}/live-token`, { headers: { 'X-Access-Code': code } }), 'live token');
        const live = await sane(await request('GET', `/api/v1/sites/${known.site}/complaints/${known.reference}/live?token=${encodeURIComponent(token)}`), `live ${token}`);
        expect(live.status).not.toBe(200);
      }),
      { numRuns: RUNS },
    );
  });

  it('the Open311 endpoints', async () => {
    const format = fc.constantFrom('json', 'xml', 'html', '');
    const query = fc.dictionary(
      fc.constantFrom('jurisdiction_id', 'service_code', 'service_request_id', 'start_date', 'end_date', 'status', 'lang', 'api_key', 'lat', 'long', 'address_string', 'description', 'attribute[subject]', 'email', 'media_url', 'update_id', 'first_name'),
      fc.oneof(text, site, fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('open', 'closed', '31.2', '121.5', 'facilities')),
      { maxKeys: 8 },
    );
    const path = fc.constantFrom('discovery', 'services', 'services/facilities', 'services/x', 'requests', 'requests/KM7Q-29XD', 'tokens/x', 'servicerequestupdates');
    await fc.assert(
      fc.asyncProperty(path, format, query, fc.boolean(), async (where, ext, params, withKey) => {
        const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, v.replaceAll('\u0000', '')]));
        await sane(await request('GET', `/open311/v2/${where}.${ext}?${search}`), `GET ${where}.${ext}?${search}`);
        if (withKey) search.set('api_key', apiKey);
        if (where === 'requests' || where === 'servicerequestupdates') {
          await sane(
            await request('POST', `/open311/v2/${where}.${ext}`, { body: search.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
            `POST ${where}.${ext} ${search}`,
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the survey pages, the staff sign-in, the resident app and the static files', async () => {
    const credentials = fc.record({ email: fc.oneof(text, fc.emailAddress()), password: text }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(printable, fc.dictionary(fc.constantFrom('rating', 'comment'), text, { maxKeys: 2 }), jsonBody(credentials), printable, async (token, form, signIn, segment) => {
        await sane(await request('GET', `/survey/${encodeURIComponent(token)}`), 'survey');
        const answer = new URLSearchParams(Object.entries(form).map(([k, v]) => [k, v.replaceAll('\u0000', '')]));
        await sane(await request('POST', `/survey/${encodeURIComponent(token)}`, { body: answer.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 'survey answer');
        await sane(await request('POST', '/api/v1/staff/session', { body: signIn, headers: { 'Content-Type': 'application/json' } }), 'sign-in');
        for (const prefix of ['/app/', '/app/demo-community/', '/demo/', '/widget/', '/portal/', '/']) {
          const response = await sane(await request('GET', `${prefix}${encodeURIComponent(segment)}`), `${prefix}${segment}`);
          // nothing outside the folders a route serves, however the path is spelt
          if (response.status === 200) expect(await response.text()).not.toContain('"devDependencies"');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the proof of work header, with the defences on', async () => {
    const guarded = await startTestApi({ abuse: defences({ powDifficulty: 8, powMaxDifficulty: 8 }) });
    try {
      const valid = await proofOfWork(guarded.call, 'demo-community');
      const proof = fc.oneof(
        printable,
        fc.constant(valid[POW_HEADER]!),
        fc.tuple(fc.constant(valid[POW_HEADER]!), fc.nat(), fc.constantFrom(...'0123456789abcz.:-_'.split(''))).map(([p, at, c]) => `${p.slice(0, at % p.length)}${c}${p.slice((at % p.length) + 1)}`),
      );
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(proof, async (header) => {
          const response = await sane(await guarded.call('POST', '/api/v1/sites/demo-community/complaints', { category: 'facilities', description: '路灯坏了' }, { [POW_HEADER]: header }), `proof ${header}`);
          if (response.status === 201) accepted += 1;
          else expect(response.status).toBe(403);
        }),
        { numRuns: RUNS },
      );
      // a proof counts once, whatever else was tried
      expect(accepted).toBeLessThanOrEqual(1);
      expect(countRows(guarded, 'complaints')).toBe(accepted);
    } finally {
      await guarded.close();
    }
  });

  it('left no half-record: every chain holds, the read model is the fold of the events, nothing without its events', async () => {
    const check = await checkRecord(api.store);
    expect(check.broken).toBeNull();
    expect(check.staleReadModel).toEqual([]);
    expect(check.complaints).toBe(countRows(api, 'complaints'));
    expect(check.complaints).toBeGreaterThanOrEqual(new Set(filed.map((f) => f.reference)).size);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const pgReachable = await postgresReachable('SQL round trip on PostgreSQL');

/** SQL metacharacters as people might type them, in every text field a complaint has. */
const sqlText = fc
  .array(fc.oneof(fc.constantFrom("'", '"', ';', '--', '/*', '*/', '\\', '%', '_', '$1', '?', '`', "' OR '1'='1", "'); DROP TABLE events;--", 'E\'\\x41\'', '\\\''), fc.string({ unit: 'grapheme-ascii', maxLength: 5 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''))
  .filter((value) => value.trim().length > 0 && withoutControl(value) === value);

/** The same for a field of at most 100 characters (a unit, a name). */
const shortSqlText = sqlText.map((value) => value.slice(0, 100)).filter((value) => value.trim().length > 0);

/** Files with SQL metacharacters everywhere, tracks the complaint, and reads every field back as staff. */
async function sqlRoundTrip(call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>, desk: Member | ((path: string) => Promise<Response>)) {
  const read = typeof desk === 'function' ? desk : (path: string) => desk.call('GET', path);
  await fc.assert(
    fc.asyncProperty(sqlText, shortSqlText, shortSqlText, async (description, unit, name) => {
      const body = { category: 'facilities', description, place: { unit }, complainant: { name } };
      const response = await call('POST', '/api/v1/sites/demo-community/complaints', body);
      expect(response.status, JSON.stringify(body)).toBe(201);
      const { reference, accessCode } = await response.json();
      const tracked = await call('GET', `/api/v1/sites/demo-community/complaints/${reference}`, undefined, { 'X-Access-Code': accessCode });
      expect(tracked.status).toBe(200);
      expect((await tracked.json()).reference).toBe(reference);
      const found = await (await read(`/api/v1/staff/sites/demo-community/complaints/by-reference/${reference}`)).json();
      expect(found.description).toBe(description.trim());
      expect(found.place.unit).toBe(unit.trim());
      // the name is masked for staff until revealed; the reveal gives it back as typed
      const revealed = await (typeof desk === 'function' ? null : desk.call('POST', `/api/v1/staff/sites/demo-community/complaints/${found.id}/reveal`));
      if (revealed) expect((await revealed.json()).name).toBe(name.trim());
    }),
    { numRuns: 50 },
  );
}

describe('SQL metacharacters are stored verbatim', () => {
  it('on SQLite', async () => {
    await sqlRoundTrip(api.call, staff);
  });

  describe.skipIf(!pgReachable)('on PostgreSQL', () => {
    let subject: ReturnType<typeof schemaStore>;
    let app: ReturnType<typeof createApp>;
    beforeAll(async () => {
      subject = schemaStore();
      await subject.store.migrate();
      await seedDemoSites(subject.store as Store);
      app = createApp({ store: subject.store, logger: silentLogger });
    });
    afterAll(async () => {
      await subject?.drop();
    });

    it('files, tracks and reads back every field as typed', async () => {
      const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
        Promise.resolve(
          app.request(path, {
            method,
            headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
        );
      const pgApi = { app, store: subject.store } as unknown as TestApi;
      const desk = await member(pgApi, 'pg-desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
      await sqlRoundTrip(call, desk);
      const check = await checkRecord(subject.store);
      expect(check.broken).toBeNull();
      expect(check.staleReadModel).toEqual([]);
    });
  });
});
