import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, startTestApi } from '../support/api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const response = await api.call('GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every endpoint the server answers under /api/v1, and the shared error shape', async () => {
    const document = await (await api.call('GET', '/api/v1/openapi.json')).json();
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // every handler the app routes under /api/v1 (middleware is registered as method ALL)
    const served = [
      ...new Set(
        api.app.routes
          .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && !r.path.endsWith('openapi.json'))
          .map((r) => `${r.method} ${r.path.replace(/:([^/]+)/g, '{$1}')}`),
      ),
    ];
    expect(served.length).toBeGreaterThan(20);
    expect(documented.sort()).toEqual(served.sort());
    const post = document.paths['/api/v1/sites/{site}/complaints'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '403', '404', '409', '413', '415', '422']);
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['site', 'idempotency-key']));
    expect(document.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(document.components.schemas.FileComplaintRequest.required).toEqual(['category', 'description']);
    expect(document.components.securitySchemes).toHaveProperty('session');
  });

  it('matches what the server does: every route in the document answers', async () => {
    const document = await (await api.call('GET', '/api/v1/openapi.json')).json();
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      if (path.includes('/staff/')) continue; // these answer 401 before anything else; the authorization matrix covers them
      for (const method of Object.keys(item)) {
        const concrete = path.replace('{site}', 'demo-community').replace('{reference}', 'ABCD-EFGH');
        const body = method === 'post' ? { action: 'withdraw' } : undefined;
        const response = await api.call(method.toUpperCase(), concrete, body, { 'X-Access-Code': 'x' });
        expect(response.status, path).not.toBe(500);
        expect((await response.json()).error?.code, `${method} ${path}`).not.toBe('not_found');
      }
    }
  });
});
