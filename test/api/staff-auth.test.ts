import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_AFTER } from '../../api/service/staff-auth.ts';
import { FILING, type TestApi, startTestApi } from '../support/api.ts';
import { PASSWORD, member } from '../support/staff.ts';

let api: TestApi;
beforeEach(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.close();
});

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  api.app.request('/api/v1/staff/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and answers with a CSRF token', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const response = await signIn(desk.email, PASSWORD);
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cd_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const body = await response.json();
    expect(body.user).toMatchObject({ email: 'desk@example.cn', memberships: [{ site: 'demo-community', roles: ['front-desk'] }] });
    expect(JSON.stringify(body)).not.toContain('password');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const response = await signIn(desk.email, PASSWORD, { 'X-Forwarded-Proto': 'https' });
    expect(response.headers.get('set-cookie')).toContain('Secure');
  });

  it('answers a wrong password exactly like an unknown email, and records both', async () => {
    await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const wrong = await signIn('desk@example.cn', 'not it');
    const unknown = await signIn('nobody@example.cn', 'not it');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    const actions = [];
    for await (const entry of api.store.staff.eachAudit()) actions.push([entry.action, entry.details.reason]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['sign-in-failed', 'wrong password'],
        ['sign-in-failed', 'unknown account'],
      ]),
    );
  });

  it(`locks an account after ${LOCK_AFTER} failures in a row, even against the right password`, async () => {
    await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    for (let i = 0; i < LOCK_AFTER; i += 1) {
      expect((await signIn('desk@example.cn', `wrong ${i}`)).status).toBe(401);
    }
    const locked = await signIn('desk@example.cn', PASSWORD);
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.code).toBe('account_locked');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('limits the attempts one address makes in a minute', async () => {
    const statuses = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await signIn(`someone${i}@example.cn`, 'guess')).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('refuses a sign-in posted from another site’s page', async () => {
    await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const response = await signIn('desk@example.cn', PASSWORD, { Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });
});

describe('sessions and CSRF', () => {
  it('answers 401 without a session, with nothing but the error', async () => {
    const response = await api.app.request('/api/v1/staff/session');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: 'sign in first' } });
  });

  it('refuses a change made with the cookie but without the CSRF token', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const intake = { channel: 'phone', ...FILING };
    const forged = await api.app.request('/api/v1/staff/sites/demo-community/complaints', {
      method: 'POST',
      headers: { Cookie: desk.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify(intake),
    });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe('csrf_failed');
    expect((await desk.call('POST', '/api/v1/staff/sites/demo-community/complaints', intake)).status).toBe(201);
  });

  it('ends the session on sign-out', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    expect((await desk.call('DELETE', '/api/v1/staff/session')).status).toBe(204);
    expect((await desk.call('GET', '/api/v1/staff/session')).status).toBe(401);
  });

  it('ends every session when the password changes', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const weak = await desk.call('PUT', '/api/v1/staff/password', { current: PASSWORD, next: 'short' });
    expect(weak.status).toBe(422);
    const wrong = await desk.call('PUT', '/api/v1/staff/password', { current: 'nope', next: 'a much longer password' });
    expect(wrong.status).toBe(403);
    expect((await desk.call('PUT', '/api/v1/staff/password', { current: PASSWORD, next: 'a much longer password' })).status).toBe(204);
    expect((await desk.call('GET', '/api/v1/staff/session')).status).toBe(401);
    expect((await signIn(desk.email, 'a much longer password')).status).toBe(200);
  });
});

describe('personal API tokens', () => {
  it('are shown once, work as Bearer without CSRF, are listed without the secret, and stop when revoked', async () => {
    const desk = await member(api, 'desk@example.cn', [{ site: 'demo-community', roles: ['front-desk'] }]);
    const created = await desk.call('POST', '/api/v1/staff/tokens', { label: '热线系统' });
    expect(created.status).toBe(201);
    const { id, token } = await created.json();
    expect(token).toMatch(/^cdt_/);
    const bearer = { Authorization: `Bearer ${token}` };
    const filed = await api.call('POST', '/api/v1/staff/sites/demo-community/complaints', { channel: 'phone', ...FILING }, bearer);
    expect(filed.status).toBe(201);
    const listed = await (await desk.call('GET', '/api/v1/staff/tokens')).json();
    expect(listed).toEqual([expect.objectContaining({ id, label: '热线系统', revokedAt: null, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await desk.call('DELETE', `/api/v1/staff/tokens/${id}`)).status).toBe(204);
    expect((await api.call('GET', '/api/v1/staff/session', undefined, bearer)).status).toBe(401);
  });
});
