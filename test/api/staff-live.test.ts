import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';
import { member } from '../support/staff.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

/** Reads server-sent events from a response until `count` `changed` events arrived. */
async function changes(response: Response, count: number): Promise<{ complaintId: string; version: number }[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = () => [...text.matchAll(/event: changed\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!));
  while (events().length < count) text += decoder.decode((await reader.read()).value);
  await reader.cancel();
  return events();
}

describe('the staff queue’s live stream', () => {
  it('tells each member of the complaints they may see, as they are filed and change', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const cleaner = await member(api, 'clean@example.cn', [{ site: 'demo-community', roles: ['handler'], departments: ['environment'] }]);
    const deskStream = await desk.call('GET', '/api/v1/staff/sites/demo-community/live');
    const cleanerStream = await cleaner.call('GET', '/api/v1/staff/sites/demo-community/live');
    expect(deskStream.status).toBe(200);
    expect(deskStream.headers.get('content-type')).toContain('text/event-stream');

    const lamp = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const bins = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', { ...FILING, category: 'environment' })).json();
    const lampId = (await api.store.findByReference('demo-community', lamp.reference))!.id;
    const binsId = (await api.store.findByReference('demo-community', bins.reference))!.id;

    expect((await changes(deskStream, 2)).map((c) => c.complaintId)).toEqual([lampId, binsId]);
    // the handler of cleaning never hears of the lamp, not even its id
    expect((await changes(cleanerStream, 1)).map((c) => c.complaintId)).toEqual([binsId]);
  });

  it('is for signed-in members of the site only', async () => {
    expect((await api.call('GET', '/api/v1/staff/sites/demo-community/live')).status).toBe(401);
    const hotel = await member(api, 'hotel@example.cn', [{ site: 'demo-hotel', roles: ['front-desk'] }]);
    // another site's member is told no more than that there is no such site for them
    expect((await hotel.call('GET', '/api/v1/staff/sites/demo-community/live')).status).toBe(404);
  });
});
