import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILING, type TestApi, countRows, startTestApi } from '../support/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

const URL = '/api/v1/sites/demo-community/complaints';

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error as { code: string; message: string; issues?: { path: (string | number)[]; code: string }[] };
}

describe('bad input gets a clear 4xx and stores nothing', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    await expectError(await api.call('POST', URL, '{"category": "facilities",'), 400, 'malformed_json');
  });

  it('a body that is not JSON → 415', async () => {
    const response = await api.app.request(URL, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'lights broken' });
    await expectError(response, 415, 'unsupported_media_type');
  });

  it('a form-encoded body → 415', async () => {
    const response = await api.app.request(URL, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'category=facilities&description=x',
    });
    await expectError(response, 415, 'unsupported_media_type');
  });

  it('no body and no content type → 415', async () => {
    await expectError(await api.app.request(URL, { method: 'POST' }), 415, 'unsupported_media_type');
  });

  it('an unknown site → 404 site_not_found', async () => {
    await expectError(await api.call('POST', '/api/v1/sites/no-such-site/complaints', FILING), 404, 'site_not_found');
    await expectError(await api.call('GET', '/api/v1/sites/no-such-site'), 404, 'site_not_found');
    await expectError(await api.call('GET', '/api/v1/sites/NOT%20A%20KEY'), 404, 'site_not_found');
  });

  it('an unknown category → 422 at the category field', async () => {
    const error = await expectError(await api.call('POST', URL, { ...FILING, category: 'weather' }), 422, 'unknown_category');
    expect(error.issues?.[0]?.path).toEqual(['category']);
  });

  it('an empty description → 422 at the description', async () => {
    const error = await expectError(await api.call('POST', URL, { ...FILING, description: '   ' }), 422, 'validation_failed');
    expect(error.issues?.map((i) => i.path)).toEqual([['description']]);
  });

  it('a description over 5000 characters → 422 too_big', async () => {
    const error = await expectError(await api.call('POST', URL, { ...FILING, description: '长'.repeat(5001) }), 422, 'validation_failed');
    expect(error.issues?.[0]).toMatchObject({ path: ['description'], code: 'too_big' });
  });

  it('control characters (a NUL byte, an escape) → 422 at the field; tabs and line breaks are fine', async () => {
    const nul = await expectError(await api.call('POST', URL, { ...FILING, description: 'lights\u0000out' }), 422, 'validation_failed');
    expect(nul.issues?.[0]?.path).toEqual(['description']);
    const escape = await expectError(await api.call('POST', URL, { ...FILING, place: { unit: '3\u001b[2J' } }), 422, 'validation_failed');
    expect(escape.issues?.[0]?.path).toEqual(['place', 'unit']);
    expect((await api.call('POST', URL, { ...FILING, description: '第一行\n第二行\t缩进' })).status).toBe(201);
  });

  it('a description of exactly 5000 characters is accepted', async () => {
    expect((await api.call('POST', URL, { ...FILING, description: '长'.repeat(5000) })).status).toBe(201);
  });

  it('a body over 1 MiB → 413 payload_too_large', async () => {
    const huge = JSON.stringify({ ...FILING, description: 'x'.repeat(1024 * 1024 + 10) });
    await expectError(await api.call('POST', URL, huge), 413, 'payload_too_large');
  });

  it('fields the API does not know → 422 naming them', async () => {
    const error = await expectError(await api.call('POST', URL, { ...FILING, priority: 'urgent' }), 422, 'validation_failed');
    expect(JSON.stringify(error.issues)).toContain('priority');
  });

  it('a malformed phone number or email → 422 at that field', async () => {
    const phone = await expectError(await api.call('POST', URL, { ...FILING, complainant: { phone: 'call me' } }), 422, 'validation_failed');
    expect(phone.issues?.[0]?.path).toEqual(['complainant', 'phone']);
    const email = await expectError(await api.call('POST', URL, { ...FILING, complainant: { email: 'not-an-email' } }), 422, 'validation_failed');
    expect(email.issues?.[0]?.path).toEqual(['complainant', 'email']);
  });

  it('a site that needs a name refuses an anonymous complaint at the name field', async () => {
    const error = await expectError(
      await api.call('POST', '/api/v1/sites/demo-hotel/complaints', { category: 'noise', description: '隔壁房間很吵', place: { room: '1208' } }),
      422,
      'anonymous_not_allowed',
    );
    expect(error.issues?.[0]?.path).toEqual(['complainant', 'name']);
  });

  it('a required question left out, an unknown question, or a choice not offered → 422 at the answer', async () => {
    const bureau = '/api/v1/sites/demo-bureau/complaints';
    const base = { category: 'conduct', description: '态度蛮横', consent: true };
    const missing = await expectError(await api.call('POST', bureau, { ...base, answers: { 'conduct-kind': 'delay' } }), 422, 'missing_answer');
    expect(missing.issues?.[0]?.path).toEqual(['answers', 'subject']);
    const unknown = await expectError(await api.call('POST', bureau, { ...base, answers: { subject: 'x', 'conduct-kind': 'delay', shoe: 'x' } }), 422, 'unknown_question');
    expect(unknown.issues?.[0]?.path).toEqual(['answers', 'shoe']);
    const notOffered = await expectError(await api.call('POST', bureau, { ...base, answers: { subject: 'x', 'conduct-kind': 'bribery' } }), 422, 'missing_answer');
    expect(notOffered.issues?.[0]?.path).toEqual(['answers', 'conduct-kind']);
  });

  it('a tracking request without an access code → 422', async () => {
    await expectError(await api.call('GET', '/api/v1/sites/demo-community/complaints/ABCD-EFGH'), 422, 'validation_failed');
  });

  it('an Idempotency-Key that is too short → 422', async () => {
    await expectError(await api.call('POST', URL, FILING, { 'Idempotency-Key': 'x' }), 422, 'validation_failed');
  });

  it('none of the refused requests above stored anything', () => {
    // only the multi-line and the 5000-character complaints were accepted: each a registration and its clock
    expect(countRows(api, 'complaints')).toBe(2);
    expect(countRows(api, 'events')).toBe(4);
  });
});

describe('junk never causes a 500', () => {
  const junk: unknown[] = [
    null,
    42,
    'text',
    [],
    [FILING],
    {},
    { category: null, description: null },
    { category: 12, description: ['a'] },
    { ...FILING, place: 'here' },
    { ...FILING, place: { unit: { nested: true } } },
    { ...FILING, answers: [] },
    { ...FILING, answers: { 'still-happening': 7 } },
    { ...FILING, complainant: 'me' },
    { ...FILING, language: 'fr' },
    { ...FILING, description: '\u0000\u0001<script>alert(1)</script>' },
    { ...FILING, category: '../../etc/passwd' },
    { ...FILING, __proto__: { polluted: true } },
    { ...FILING, constructor: { prototype: { polluted: true } } },
  ];
  for (const [index, body] of junk.entries()) {
    it(`junk body #${index} → 4xx with an error code`, async () => {
      const before = countRows(api, 'events');
      const response = await api.call('POST', URL, JSON.stringify(body));
      if (response.status === 201) {
        // a few of these are valid complaints with odd text; they must be stored verbatim
        expect(countRows(api, 'events')).toBeGreaterThan(before);
        return;
      }
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect((await response.json()).error.code).toEqual(expect.any(String));
      expect(countRows(api, 'events')).toBe(before);
    });
  }
  it('left Object.prototype alone', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
