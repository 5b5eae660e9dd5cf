import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../api/service/credentials.ts';
import { type TestApi, startTestApi } from '../support/api.ts';
import { type Member, member } from '../support/staff.ts';

let api: TestApi;
let manager: Member;
beforeEach(async () => {
  api = await startTestApi();
  manager = await member(api, 'manager@example.cn', [{ site: 'demo-community', roles: ['manager'] }]);
});
afterEach(async () => {
  await api.close();
});

const base = '/api/v1/staff/sites/demo-community/api-keys';

/** An Open311 filing with the key, as a client server sends it. */
const open311 = (apiKey: string) =>
  api.app.request('/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: apiKey, jurisdiction_id: 'demo-community', service_code: 'facilities', address_string: '3号楼', description: '路灯不亮' }).toString(),
  });

describe('API keys in the staff API', () => {
  it('creates a key shown once, lists keys without it, and keeps only its hash', async () => {
    const created = await manager.call('POST', base, { label: 'FixMyStreet' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const key = await created.json();
    expect(key).toMatchObject({ label: 'FixMyStreet', revokedAt: null });
    expect(key.key).toMatch(/^cdk_[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(key).sort()).toEqual(['createdAt', 'id', 'key', 'label', 'revokedAt']);

    const listed = await (await manager.call('GET', base)).json();
    expect(listed).toEqual([{ id: key.id, label: 'FixMyStreet', createdAt: key.createdAt, revokedAt: null }]);
    expect(JSON.stringify(listed)).not.toContain(key.key);

    const db = new DatabaseSync(join(api.dir, 'complaints.sqlite'), { readOnly: true });
    const rows = db.prepare('SELECT key_hash FROM api_keys').all();
    db.close();
    expect(rows).toEqual([{ key_hash: sha256(key.key) }]);
    expect((await open311(key.key)).status).toBe(200);
  });

  it('revokes a key at once; revoking again keeps the first time; an unknown key is 404', async () => {
    const key = await (await manager.call('POST', base, {})).json();
    expect(key.label).toBeNull();
    const revoked = await manager.call('DELETE', `${base}/${key.id}`);
    expect(revoked.status).toBe(200);
    const view = await revoked.json();
    expect(view).toMatchObject({ id: key.id, revokedAt: expect.stringMatching(/^\d{4}-/) });
    const refused = await open311(key.key);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: 'api_key has been revoked' }]);

    const again = await (await manager.call('DELETE', `${base}/${key.id}`)).json();
    expect(again.revokedAt).toBe(view.revokedAt);
    const missing = await manager.call('DELETE', `${base}/no-such-key`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('api_key_not_found');
  });

  it('writes creating and revoking to the audit log, once each', async () => {
    const key = await (await manager.call('POST', base, { label: 'SeeClickFix' })).json();
    await manager.call('DELETE', `${base}/${key.id}`);
    await manager.call('DELETE', `${base}/${key.id}`);
    const audit = await (await manager.call('GET', `/api/v1/staff/sites/demo-community/audit?target=${key.id}`)).json();
    expect(audit.map((entry: { action: string; actor: string }) => [entry.action, entry.actor])).toEqual([
      ['api-key-revoked', manager.id],
      ['api-key-created', manager.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(key.key);
  });

  it('keeps each site’s keys to itself', async () => {
    const hotelManager = await member(api, 'hotel@example.hk', [{ site: 'demo-hotel', roles: ['manager'] }]);
    const key = await (await manager.call('POST', base, { label: 'community only' })).json();
    expect((await hotelManager.call('GET', base)).status).toBe(404);
    expect((await hotelManager.call('DELETE', `${base}/${key.id}`)).status).toBe(404);
    expect((await hotelManager.call('DELETE', `/api/v1/staff/sites/demo-hotel/api-keys/${key.id}`)).status).toBe(404);
    expect(await (await hotelManager.call('GET', '/api/v1/staff/sites/demo-hotel/api-keys')).json()).toEqual([]);
  });

  it('refuses a label that is too long or a field it does not know', async () => {
    const long = await manager.call('POST', base, { label: 'x'.repeat(101) });
    expect(long.status).toBe(422);
    expect((await long.json()).error.issues[0].path).toEqual(['label']);
    expect((await manager.call('POST', base, { label: 'ok', key: 'cdk_chosen' })).status).toBe(422);
  });
});
