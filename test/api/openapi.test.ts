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
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const documented = operations.filter((operation) => operation.includes(' /api/v1/'));
    // Open311 is documented beside the JSON API, one operation per endpoint and format parameter
    expect(operations.filter((operation) => operation.includes(' /open311/v2/')).sort()).toEqual([
      'GET /open311/v2/discovery.{format}',
      'GET /open311/v2/requests.{format}',
      'GET /open311/v2/requests/{service_request_id}.{format}',
      'GET /open311/v2/servicerequestupdates.{format}',
      'GET /open311/v2/services.{format}',
      'GET /open311/v2/services/{service_code}.{format}',
      'GET /open311/v2/tokens/{token}.{format}',
      'POST /open311/v2/requests.{format}',
      'POST /open311/v2/servicerequestupdates.{format}',
    ]);
    expect(operations.length).toBe(documented.length + 9);
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
    expect(Object.keys(post.responses).sort()).toEqual(['201', '400', '403', '404', '409', '413', '415', '422', '429']);
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['site', 'idempotency-key', 'x-proof-of-work']));
    expect(document.components.schemas.Error.properties.error.required).toEqual(['code', 'message']);
    expect(document.components.schemas.FileComplaintRequest.required).toEqual(['category', 'description']);
    expect(document.components.securitySchemes).toHaveProperty('session');
  });

  it('matches what the server does: every route in the document answers', async () => {
    const document = await (await api.call('GET', '/api/v1/openapi.json')).json();
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      if (path.includes('/staff/')) continue; // these answer 401 before anything else; the authorization matrix covers them
      for (const method of Object.keys(item)) {
        if (path.startsWith('/open311/')) {
          // answered in the spec's own error shape; without a jurisdiction_id that is 400, never 404
          const concrete = path.replace('{format}', 'json').replace(/\{[a-z_]+\}/g, 'x');
          const response = await api.call(method.toUpperCase(), concrete);
          expect(response.status, `${method} ${path}`).not.toBe(404);
          expect(response.status, `${method} ${path}`).not.toBe(500);
          continue;
        }
        const concrete = path.replace('{site}', 'demo-community').replace('{reference}', 'ABCD-EFGH');
        const body = method === 'post' ? { action: 'withdraw' } : undefined;
        const response = await api.call(method.toUpperCase(), concrete, body, { 'X-Access-Code': 'x' });
        expect(response.status, path).not.toBe(500);
        expect((await response.json()).error?.code, `${method} ${path}`).not.toBe('not_found');
      }
    }
  });
});
