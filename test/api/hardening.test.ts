import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_CODE_CHARS, accessCodeMatches, hashAccessCode, newAccessCode, randomSecret } from '../../api/service/credentials.ts';
import { MAX_BODY_BYTES } from '../../api/http/app.ts';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';
import { type Member, member } from '../support/staff.ts';

let api: TestApi;
let admin: Member;
beforeAll(async () => {
  api = await startTestApi();
  admin = await member(api, 'admin@example.cn', [{ site: 'demo-community', roles: ['admin', 'manager', 'supervisor', 'front-desk'] }]);
});
afterAll(async () => {
  await api.close();
});

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every route the app has for `method` under `prefix`, with its parameters filled in. */
function routes(prefix: string): { method: string; path: string }[] {
  const seen = new Set<string>();
  return api.app.routes
    .filter((route) => route.path.startsWith(prefix) && CHANGES.has(route.method))
    .map((route) => ({ method: route.method, path: route.path.replace(':site', 'demo-community').replace(/:[A-Za-z]+/g, 'x') }))
    .filter((route) => {
      const key = `${route.method} ${route.path}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

describe('CSRF on cookie sessions', () => {
  const staffChanges = () => routes('/api/v1/staff/').filter((route) => !(route.method === 'POST' && route.path === '/api/v1/staff/session'));

  it('there are state-changing staff routes to check', () => {
    expect(staffChanges().length).toBeGreaterThan(15);
  });

  it('every state-changing staff route refuses a request with the session cookie but without the token', async () => {
    const unprotected: string[] = [];
    for (const { method, path } of staffChanges()) {
      const response = await api.app.request(path, {
        method,
        headers: { Cookie: admin.cookie, 'Content-Type': 'application/json' },
        body: method === 'DELETE' ? undefined : '{}',
      });
      const code = response.status === 403 ? (await response.json()).error.code : `${response.status}`;
      if (code !== 'csrf_failed') unprotected.push(`${method} ${path}: ${code}`);
    }
    expect(unprotected).toEqual([]);
  });

  it('and with a token of another session, or a wrong one', async () => {
    const other = await member(api, 'other@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    for (const token of [other.csrf, 'x'.repeat(43), '']) {
      const response = await api.app.request('/api/v1/staff/sites/demo-community/complaints', {
        method: 'POST',
        headers: { Cookie: admin.cookie, 'X-CSRF-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...FILING, channel: 'phone' }),
      });
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('csrf_failed');
    }
  });

  it('with the token the same routes get past the check (the test is not vacuous)', async () => {
    const passed: string[] = [];
    for (const { method, path } of staffChanges()) {
      const response = await api.app.request(path, {
        method,
        headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json' },
        body: method === 'DELETE' ? undefined : '{}',
      });
      const code = response.headers.get('content-type')?.includes('json') ? (await response.json().catch(() => ({})))?.error?.code : undefined;
      if (code !== 'csrf_failed') passed.push(path);
    }
    expect(passed).toHaveLength(staffChanges().length);
  });
});

describe('body size limits', () => {
  it('every route that takes a body refuses one larger than its limit before reading it', async () => {
    const open: string[] = [];
    const all = [...routes('/api/'), ...routes('/open311/'), ...routes('/survey/')];
    expect(all.length).toBeGreaterThan(20);
    for (const { method, path } of all) {
      const response = await api.app.request(path.replace(/\{format\}|\.x$/, '.json'), {
        method,
        headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY_BYTES + 1) },
        body: 'x',
      });
      if (response.status !== 413) open.push(`${method} ${path}: ${response.status}`);
    }
    expect(open).toEqual([]);
  });
});

describe('security headers', () => {
  const pages = ['/demo/', '/demo/community/', '/app/demo-community/', '/portal/', '/survey/not-a-real-token'];

  it('every HTML page says not to sniff types, how much of its address to pass on, and who may frame it', async () => {
    for (const path of pages) {
      const response = await api.app.request(path);
      expect(response.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toMatch(/^(no-referrer|same-origin|strict-origin-when-cross-origin)$/);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/frame-ancestors '(self|none)'/);
      expect(response.headers.get('x-frame-options'), path).toMatch(/^(DENY|SAMEORIGIN)$/);
    }
  });

  it('the resident app and the demo pages run no script but the service’s own; nobody else frames the app', async () => {
    const app = (await api.app.request('/app/demo-community/')).headers.get('content-security-policy')!;
    expect(app).toContain("script-src 'self'");
    expect(app).toContain("object-src 'none'");
    expect(app).toContain("frame-ancestors 'none'");
    expect(app).not.toMatch(/script-src[^;]*unsafe/);
    const demo = (await api.app.request('/demo/hotel/')).headers.get('content-security-policy')!;
    expect(demo).toContain("script-src 'self'");
    expect(demo).not.toContain('unsafe');
    // the portal and the survey keep their own, stricter ones
    expect((await api.app.request('/portal/')).headers.get('content-security-policy')).toContain("style-src 'self'");
    expect((await api.app.request('/survey/not-a-real-token')).headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('API answers are not sniffed either', async () => {
    for (const path of ['/api/v1/sites/demo-community', '/api/v1/sites/nowhere', '/healthz', '/no-such-page']) {
      expect((await api.app.request(path)).headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});

describe('access codes', () => {
  it('carry at least 96 bits: 20 characters of 32, none repeated in 20,000 draws', () => {
    expect(ACCESS_CODE_CHARS * Math.log2(32)).toBeGreaterThanOrEqual(96);
    const secret = randomSecret();
    const codes = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) {
      const code = i % 2 ? newAccessCode(secret) : newAccessCode(secret, { scope: 'file:demo', key: `key-${i}` });
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(20_000);
  });

  it('are kept as a hash and compared as one, so the time taken says nothing about the code', () => {
    const code = newAccessCode(randomSecret());
    const stored = hashAccessCode(code);
    expect(stored).not.toContain(code.replace(/-/g, ''));
    expect(accessCodeMatches(code, stored)).toBe(true);
    // read aloud or typed by hand: lower case, spaces, O for 0
    expect(accessCodeMatches(code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'O'), stored)).toBe(true);
    // a code that shares all but the last character is as wrong as any
    expect(accessCodeMatches(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`, stored)).toBe(false);
    expect(accessCodeMatches('x'.repeat(10_000), stored)).toBe(false);
  });

  it('a wrong code and an unknown reference get the same answer', async () => {
    const { reference } = await (await api.call('POST', '/api/v1/sites/demo-community/complaints', FILING)).json();
    const wrong = await api.call('GET', `/api/v1/sites/demo-community/complaints/${reference}`, undefined, { 'X-Access-Code': 'AAAAA-AAAAA-AAAAA-AAAAA' });
    const unknown = await api.call('GET', '/api/v1/sites/demo-community/complaints/ZZZZ-ZZZZ', undefined, { 'X-Access-Code': 'AAAAA-AAAAA-AAAAA-AAAAA' });
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toEqual(await unknown.json());
  });
});
