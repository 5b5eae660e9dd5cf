import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, startTestApi } from '../support/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('request logs', () => {
  it('write one structured line per request, with no personal data, reference or access code', async () => {
    api.logs.length = 0;
    const filing = {
      category: 'noise',
      description: '隔壁 1210 房間整夜喧嘩',
      place: { room: '1208' },
      complainant: { name: '陳大文', phone: '+852 9123 4567', email: 'chan@example.hk' },
    };
    const filed = await api.call('POST', '/api/v1/sites/demo-hotel/complaints', filing, { 'Idempotency-Key': 'log-test-key-0001' });
    const { reference, accessCode } = await filed.json();
    await api.call('GET', `/api/v1/sites/demo-hotel/complaints/${reference}?lang=en`, undefined, { 'X-Access-Code': accessCode });
    await api.call('POST', '/api/v1/sites/demo-hotel/complaints', '{broken');

    const requestLines = api.logs.filter((l) => 'route' in l);
    expect(requestLines).toHaveLength(3);
    expect(requestLines.map((l) => [l.method, l.route, l.status])).toEqual([
      ['POST', '/api/v1/sites/:site/complaints', 201],
      ['GET', '/api/v1/sites/:site/complaints/:reference', 200],
      ['POST', '/api/v1/sites/:site/complaints', 400],
    ]);
    for (const line of requestLines) {
      expect(line.requestId).toMatch(/^[A-Za-z0-9_-]{8}-[0-9a-z]+$/);
      expect(typeof line.durationMs).toBe('number');
    }
    const text = JSON.stringify(api.logs);
    for (const secret of ['陳大文', '9123', 'chan@example', '1208', '喧嘩', reference, accessCode, 'log-test-key']) {
      expect(text).not.toContain(secret);
    }
  });

  it('give every answer the request id it was logged under', async () => {
    api.logs.length = 0;
    const response = await api.call('GET', '/api/v1/sites/demo-hotel');
    expect(response.headers.get('x-request-id')).toBe(api.logs.at(-1)?.requestId);
  });
});
