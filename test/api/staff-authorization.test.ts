import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/contract/staff.ts';
import { ApiKeys } from '../../api/service/api-keys.ts';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { type TestApi, startTestApi } from '../support/api.ts';
import { type Member, member } from '../support/staff.ts';

/**
 * Every staff endpoint under every role, a member of another site, and nobody: each answer is
 * the one the table of duties gives. A refusal carries nothing but the error.
 */
type Who = Role | 'foreign' | 'anonymous';
const WHO: Who[] = ['admin', 'front-desk', 'handler', 'supervisor', 'manager', 'auditor', 'foreign', 'anonymous'];

let api: TestApi;
const people = new Map<Who, Member>();
let ours: string; // a complaint in the handler's department
let theirs: string; // a complaint in another department of the same site
let hotels: string; // a complaint of another site
let reference: string;

beforeAll(async () => {
  api = await startTestApi();
  for (const role of WHO.slice(0, 6) as Role[]) {
    people.set(role, await member(api, `${role}@example.cn`, [{ site: 'demo-bureau', roles: [role], ...(role === 'handler' ? { departments: ['seed-station'] } : {}) }]));
  }
  people.set('foreign', await member(api, 'foreign@example.hk', [{ site: 'demo-hotel', roles: ['manager'] }]));
  const desk = new ComplaintDesk(api.store);
  const bureau = await desk.site('demo-bureau');
  const file = async (site: typeof bureau, category: string) => {
    const filed = await desk.file(site, { category, description: '种子不发芽', place: {}, answers: {}, complainant: { name: '王芳', phone: '13800004220' }, consent: true });
    return (await desk.findByReference(site, filed.body.reference))!;
  };
  const seed = await file(bureau, 'seeds');
  ours = seed.id;
  reference = seed.reference;
  theirs = (await file(bureau, 'fruit')).id;
  hotels = (await file(await desk.site('demo-hotel'), 'noise')).id;
}, 60_000);
afterAll(async () => {
  await api.close();
});

const site = '/api/v1/staff/sites/demo-bureau';
const version = async (id: string) => (await api.store.getComplaint(id))!.version;

interface Case {
  name: string;
  request: () => Promise<[method: string, path: string, body?: unknown]>;
  expect: Record<Who, number>;
}

const everyoneOnSite = (status: number, except: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  admin: status,
  'front-desk': status,
  handler: status,
  supervisor: status,
  manager: status,
  auditor: status,
  foreign: 404,
  anonymous: 401,
  ...except,
});

const CASES: Case[] = [
  { name: 'GET queue', request: async () => ['GET', `${site}/complaints?sort=due`], expect: everyoneOnSite(200, { admin: 403 }) },
  {
    name: 'POST intake',
    request: async () => ['POST', `${site}/complaints`, { channel: 'walk-in', category: 'seeds', description: '来访:种子质量问题' }],
    expect: everyoneOnSite(403, { 'front-desk': 201, supervisor: 201, manager: 201 }),
  },
  { name: 'GET complaint in scope', request: async () => ['GET', `${site}/complaints/${ours}`], expect: everyoneOnSite(200, { admin: 403 }) },
  {
    name: 'GET complaint of another department',
    request: async () => ['GET', `${site}/complaints/${theirs}`],
    expect: everyoneOnSite(200, { admin: 403, handler: 404 }),
  },
  { name: 'GET complaint of another site', request: async () => ['GET', `${site}/complaints/${hotels}`], expect: everyoneOnSite(404, { admin: 403 }) },
  { name: 'GET by reference', request: async () => ['GET', `${site}/complaints/by-reference/${reference}`], expect: everyoneOnSite(200, { admin: 403 }) },
  {
    name: 'POST command add-note',
    request: async () => ['POST', `${site}/complaints/${ours}/commands`, { expectedVersion: await version(ours), command: { type: 'add-note', note: '已电话联系', public: false } }],
    expect: everyoneOnSite(200, { admin: 403, auditor: 403 }),
  },
  {
    name: 'POST command extend-deadline',
    request: async () => [
      'POST',
      `${site}/complaints/${ours}/commands`,
      { expectedVersion: await version(ours), command: { type: 'extend-deadline', stage: 'acknowledge', by: { amount: 1, unit: 'workingDays' }, reason: '待补材料', approvedBy: '局长' } },
    ],
    expect: everyoneOnSite(403, { supervisor: 200, manager: 200 }),
  },
  { name: 'POST reveal', request: async () => ['POST', `${site}/complaints/${ours}/reveal`], expect: everyoneOnSite(200, { admin: 403, auditor: 403 }) },
  { name: 'GET config', request: async () => ['GET', `${site}/config`], expect: everyoneOnSite(403, { admin: 200, manager: 200 }) },
  {
    name: 'PUT config',
    request: async () => ['PUT', `${site}/config`, JSON.parse(JSON.stringify(await api.store.getSite('demo-bureau')))],
    expect: everyoneOnSite(403, { admin: 200, manager: 200 }),
  },
  { name: 'GET members', request: async () => ['GET', `${site}/members`], expect: everyoneOnSite(403, { admin: 200, manager: 200 }) },
  {
    name: 'POST member',
    request: async () => ['POST', `${site}/members`, { email: `new${Math.random()}@example.cn`, name: '新人', password: 'a long enough password', roles: ['auditor'] }],
    expect: everyoneOnSite(403, { admin: 201, manager: 201 }),
  },
  {
    name: 'PATCH member',
    request: async () => ['PATCH', `${site}/members/${people.get('auditor')!.id}`, { roles: ['auditor'] }],
    expect: everyoneOnSite(403, { admin: 200, manager: 200 }),
  },
  { name: 'GET audit', request: async () => ['GET', `${site}/audit`], expect: everyoneOnSite(403, { admin: 200, manager: 200, auditor: 200 }) },
  { name: 'POST verify', request: async () => ['POST', `${site}/verify`], expect: everyoneOnSite(403, { manager: 200, auditor: 200 }) },
  {
    name: 'GET stats',
    request: async () => ['GET', `${site}/stats?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`],
    expect: everyoneOnSite(403, { supervisor: 200, manager: 200, auditor: 200 }),
  },
  {
    name: 'GET monthly report',
    request: async () => ['GET', `${site}/reports/monthly?month=2026-10&format=csv`],
    expect: everyoneOnSite(403, { supervisor: 200, manager: 200, auditor: 200 }),
  },
  {
    name: 'GET quarterly report',
    request: async () => ['GET', `${site}/reports/quarterly?quarter=2026-Q4&format=html`],
    expect: everyoneOnSite(403, { supervisor: 200, manager: 200, auditor: 200 }),
  },
  { name: 'GET export', request: async () => ['GET', `${site}/export?format=csv`], expect: everyoneOnSite(403, { supervisor: 200, manager: 200, auditor: 200 }) },
  { name: 'GET api-keys', request: async () => ['GET', `${site}/api-keys`], expect: everyoneOnSite(403, { admin: 200, manager: 200 }) },
  { name: 'POST api-key', request: async () => ['POST', `${site}/api-keys`, { label: 'FixMyStreet' }], expect: everyoneOnSite(403, { admin: 201, manager: 201 }) },
  {
    name: 'DELETE api-key',
    request: async () => {
      const created = await new ApiKeys(api.store).create((await api.store.getSite('demo-bureau'))!, 'to revoke', 'test');
      return ['DELETE', `${site}/api-keys/${created.id}`];
    },
    expect: everyoneOnSite(403, { admin: 200, manager: 200 }),
  },
];

describe('the authorization matrix', () => {
  for (const testCase of CASES) {
    for (const who of WHO) {
      it(`${testCase.name} as ${who} → ${testCase.expect[who]}`, async () => {
        const [method, path, body] = await testCase.request();
        const response =
          who === 'anonymous'
            ? await api.call(method, path, body)
            : await people.get(who)!.call(method, path, body);
        expect(response.status).toBe(testCase.expect[who]);
        if (response.status >= 400) {
          const answer = await response.json();
          expect(Object.keys(answer)).toEqual(['error']);
          expect(JSON.stringify(answer)).not.toMatch(/13800004220|种子不发芽|王芳/);
        }
      });
    }
  }
});
