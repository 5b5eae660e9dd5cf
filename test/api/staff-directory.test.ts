import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApi, startTestApi } from '../support/api.ts';
import { member } from '../support/staff.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

describe('the staff directory of a site', () => {
  it('names the departments and the people who work complaints, without their contact details', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    await member(api, 'clean@example.cn', [{ site: 'demo-community', roles: ['handler'], departments: ['environment'] }]);
    await member(api, 'audit@example.cn', [{ site: 'demo-community', roles: ['auditor'] }]);
    await member(api, 'hotel@example.cn', [{ site: 'demo-hotel', roles: ['handler'] }]);

    const response = await desk.call('GET', '/api/v1/staff/sites/demo-community/directory');
    expect(response.status).toBe(200);
    const directory = await response.json();
    expect(directory.departments.map((d: { code: string }) => d.code)).toContain('environment');
    expect(directory.departments[0].name).toHaveProperty('zh-Hans');
    const roles = directory.colleagues.map((c: { roles: string[] }) => c.roles.join());
    expect(roles.sort()).toEqual(['front-desk', 'handler']);
    expect(JSON.stringify(directory)).not.toContain('@example.cn');
  });

  it('answers only members of the site', async () => {
    const hotel = await member(api, 'hotel@example.cn', [{ site: 'demo-hotel', roles: ['handler'] }]);
    const response = await hotel.call('GET', '/api/v1/staff/sites/demo-community/directory');
    expect([403, 404]).toContain(response.status);
    expect((await response.json()).error.code).toBeTruthy();
  });
});
