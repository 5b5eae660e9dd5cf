import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAudit } from '../../api/service/record-check.ts';
import { EmailTaken, type UserRecord } from '../../api/store/staff-store.ts';
import type { StoreUnderTest } from './conformance.ts';

const user = (id: string, email: string, site = 'demo-bureau'): UserRecord => ({
  id,
  email,
  name: `name of ${id}`,
  passwordHash: 'scrypt$1$1$1$salt$hash',
  memberships: [{ site, roles: ['handler'], departments: ['seed-station'] }],
  superadmin: false,
  createdAt: '2026-11-02T02:00:00.000Z',
  disabledAt: null,
  failedLogins: 0,
  lockedUntil: null,
});

/** What every store must do with staff accounts, sessions, tokens and the audit log. */
export function staffConformance(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`${name} staff store`, () => {
    let subject: StoreUnderTest;
    beforeEach(async () => {
      subject = await open();
      await subject.store.migrate();
    });
    afterEach(async () => {
      await subject.close();
    });

    it('keeps users, finds them by email, lists a site’s members, and refuses a taken email', async () => {
      const staff = subject.store.staff;
      await staff.createUser(user('u1', 'a@example.cn'));
      await staff.createUser(user('u2', 'b@example.cn', 'demo-hotel'));
      await expect(staff.createUser(user('u3', 'a@example.cn'))).rejects.toBeInstanceOf(EmailTaken);
      expect(await staff.getUser('u1')).toEqual(user('u1', 'a@example.cn'));
      expect((await staff.findUserByEmail('b@example.cn'))?.id).toBe('u2');
      expect((await staff.listUsers('demo-bureau')).map((u) => u.id)).toEqual(['u1']);
      expect(await staff.countUsers()).toBe(2);
      await staff.updateUser('u2', { memberships: [{ site: 'demo-bureau', roles: ['auditor'], departments: [] }], superadmin: true, failedLogins: 3 });
      expect((await staff.listUsers('demo-bureau')).map((u) => u.id)).toEqual(['u1', 'u2']);
      expect(await staff.getUser('u2')).toMatchObject({ superadmin: true, failedLogins: 3 });
      await expect(staff.updateUser('u2', { email: 'a@example.cn' })).rejects.toBeInstanceOf(EmailTaken);
    });

    it('keeps sessions and tokens by their hashes', async () => {
      const staff = subject.store.staff;
      await staff.createUser(user('u1', 'a@example.cn'));
      const session = { idHash: 'h'.repeat(64), userId: 'u1', csrfToken: 'csrf', createdAt: '2026-11-02T02:00:00.000Z', expiresAt: '2026-11-02T14:00:00.000Z' };
      await staff.createSession(session);
      expect(await staff.findSession(session.idHash)).toEqual(session);
      await staff.deleteSessionsOf('u1');
      expect(await staff.findSession(session.idHash)).toBeNull();
      await staff.createToken({ id: 't1', userId: 'u1', label: '热线', createdAt: '2026-11-02T02:00:00.000Z', lastUsedAt: null, revokedAt: null, tokenHash: 'x'.repeat(64) });
      expect(await staff.findToken('x'.repeat(64))).toMatchObject({ id: 't1', label: '热线', revokedAt: null });
      expect(await staff.revokeToken('someone-else', 't1', '2026-11-03T00:00:00.000Z')).toBe(false);
      expect(await staff.revokeToken('u1', 't1', '2026-11-03T00:00:00.000Z')).toBe(true);
      expect((await staff.listTokens('u1'))[0]?.revokedAt).toBe('2026-11-03T00:00:00.000Z');
    });

    it('chains the audit log, pages it newest first, and refuses to change it', async () => {
      const staff = subject.store.staff;
      for (let i = 1; i <= 5; i += 1) {
        await staff.appendAudit({ at: `2026-11-02T02:00:0${i}.000Z`, siteKey: i % 2 ? 'demo-bureau' : 'demo-hotel', actor: 'u1', action: i === 3 ? 'identity-revealed' : 'site-configured', target: `c${i}`, details: { i } });
      }
      const page = await staff.readAudit('demo-bureau', { limit: 2 });
      expect(page.map((e) => e.target)).toEqual(['c5', 'c3']);
      expect((await staff.readAudit('demo-bureau', { limit: 2, before: page[1]!.id })).map((e) => e.target)).toEqual(['c1']);
      expect((await staff.readAudit('demo-bureau', { limit: 10, action: 'identity-revealed' })).map((e) => e.target)).toEqual(['c3']);
      expect(await checkAudit(subject.store)).toEqual({ entries: 5, broken: null });
      await expect(subject.raw(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
      await expect(subject.raw('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    });
  });
}
