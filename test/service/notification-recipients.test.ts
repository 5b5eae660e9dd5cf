import { describe, expect, it } from 'vitest';
import { nextLocalHour } from '../../api/notify/dispatcher.ts';
import { staffAccountsFor } from '../../api/notify/staff-recipients.ts';
import type { UserRecord } from '../../api/store/staff-store.ts';

const user = (id: string, name: string, email: string, site: string, roles: UserRecord['memberships'][number]['roles'], disabled = false): UserRecord => ({
  id,
  email,
  name,
  passwordHash: 'scrypt$1$1$1$s$h',
  memberships: [{ site, roles, departments: [] }],
  superadmin: false,
  createdAt: '2026-11-02T00:00:00.000Z',
  disabledAt: disabled ? '2026-11-03T00:00:00.000Z' : null,
  failedLogins: 0,
  lockedUntil: null,
});

const USERS = [
  user('u1', '李 工', 'li@example.cn', 'demo-community', ['handler']),
  user('u2', 'Wang Fang', 'wang@example.cn', 'demo-community', ['manager']),
  user('u3', '赵经理', 'zhao@example.cn', 'demo-community', ['manager'], true),
  user('u4', 'Duty Manager', 'duty@example.hk', 'demo-hotel', ['manager']),
];

describe('staff recipients', () => {
  it('are the site’s active members with that name or email, however it is spaced or cased', () => {
    expect(staffAccountsFor('李工', 'demo-community', USERS)).toEqual([{ id: 'u1', name: '李 工', email: 'li@example.cn' }]);
    expect(staffAccountsFor('李工人', 'demo-community', USERS)).toEqual([]);
    expect(staffAccountsFor(' wang  fang ', 'demo-community', USERS).map((a) => a.id)).toEqual(['u2']);
    expect(staffAccountsFor('WANG@example.cn', 'demo-community', USERS).map((a) => a.id)).toEqual(['u2']);
    // disabled, or of another site: nobody
    expect(staffAccountsFor('赵经理', 'demo-community', USERS)).toEqual([]);
    expect(staffAccountsFor('Duty Manager', 'demo-community', USERS)).toEqual([]);
  });

  it('are the members holding a role when the name is that role and nobody is called so', () => {
    expect(staffAccountsFor('manager', 'demo-community', USERS).map((a) => a.id)).toEqual(['u2']);
    expect(staffAccountsFor('manager', 'demo-hotel', USERS).map((a) => a.id)).toEqual(['u4']);
    expect(staffAccountsFor('property-manager', 'demo-community', USERS)).toEqual([]);
  });
});

describe('the digest hour', () => {
  it('is the next 08:00 on the site’s clock', () => {
    // 10:00 in Shanghai → 08:00 the next morning there (00:00 UTC)
    expect(nextLocalHour(new Date('2026-11-02T02:00:00Z'), 'Asia/Shanghai', 8).toISOString()).toBe('2026-11-03T00:00:00.000Z');
    // 07:30 in Shanghai → 08:00 the same morning
    expect(nextLocalHour(new Date('2026-11-01T23:30:00Z'), 'Asia/Shanghai', 8).toISOString()).toBe('2026-11-02T00:00:00.000Z');
    // exactly 08:00 → the next day's
    expect(nextLocalHour(new Date('2026-11-02T00:00:00Z'), 'Asia/Shanghai', 8).toISOString()).toBe('2026-11-03T00:00:00.000Z');
  });

  it('follows a zone across its change of clocks', () => {
    // New York leaves daylight saving time on 1 November 2026: 08:00 is 12:00 UTC before, 13:00 UTC after
    expect(nextLocalHour(new Date('2026-10-31T15:00:00Z'), 'America/New_York', 8).toISOString()).toBe('2026-11-01T13:00:00.000Z');
    expect(nextLocalHour(new Date('2026-10-30T15:00:00Z'), 'America/New_York', 8).toISOString()).toBe('2026-10-31T12:00:00.000Z');
  });
});
