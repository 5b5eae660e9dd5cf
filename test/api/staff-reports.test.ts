import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintDesk } from '../../api/service/complaints.ts';
import { type TestApi, startTestApi } from '../support/api.ts';
import { type Member, member } from '../support/staff.ts';

let api: TestApi;
let auditor: Member;
const site = '/api/v1/staff/sites/demo-community';

beforeAll(async () => {
  api = await startTestApi();
  auditor = await member(api, 'auditor@example.cn', [{ site: 'demo-community', roles: ['auditor'] }]);
  const desk = new ComplaintDesk(api.store);
  const community = await desk.site('demo-community');
  for (const [category, description] of [
    ['facilities', '=HYPERLINK("http://evil")'],
    ['facilities', '路灯不亮'],
    ['environment', '垃圾没人清'],
  ]) {
    await desk.file(community, { category: category!, description: description!, place: { unit: '3-2' }, answers: {}, complainant: { name: '王芳', phone: '13800004220' } });
  }
});
afterAll(async () => {
  await api.close();
});

describe('reports over the API', () => {
  const month = new Date().toISOString().slice(0, 7);

  it('gives the month’s report as JSON, CSV (for a spreadsheet) and a printable page, with the same totals', async () => {
    const json = await (await auditor.call('GET', `${site}/reports/monthly?month=${month}&format=json&lang=en`)).json();
    expect(json.figures.received).toBe(3);
    const csv = await auditor.call('GET', `${site}/reports/monthly?month=${month}&format=csv&lang=en`);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="demo-community-${month}.csv"`);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // a byte order mark, so that a spreadsheet reads the Chinese right
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toMatch(/"Complaints received","3"/);
    const html = await auditor.call('GET', `${site}/reports/monthly?month=${month}&format=html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('<svg');
  });

  it('refuses a month that is not one', async () => {
    const response = await auditor.call('GET', `${site}/reports/monthly?month=2026-13`);
    expect(response.status).toBe(422);
    expect((await response.json()).error.issues[0].path).toEqual(['month']);
  });

  it('gives statistics for a period, grouped', async () => {
    const from = `${month}-01T00:00:00+08:00`;
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const response = await auditor.call('GET', `${site}/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&groupBy=category`);
    expect(response.status).toBe(200);
    const stats = await response.json();
    expect(stats.overall.received).toBe(3);
    expect(stats.groupBy).toBe('category');
    const backwards = await auditor.call('GET', `${site}/stats?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`);
    expect(backwards.status).toBe(422);
  });

  it('exports the complaints as CSV with identities masked and formulas kept as text', async () => {
    const response = await auditor.call('GET', `${site}/export?format=csv&category=facilities&lang=zh-Hans`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('"reference","registeredAt","status"');
    expect(text).toContain('"138****4220"');
    expect(text).not.toContain('13800004220');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain('"公共设施"');
    const json = await (await auditor.call('GET', `${site}/export?format=json`)).json();
    expect(json).toHaveLength(3);
  });
});
