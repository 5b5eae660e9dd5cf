import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Membership, StaffUser } from '../contract/staff.ts';
import { type StaffTokenRecord, type UserRecord, EmailTaken } from '../store/staff-store.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from './complaints.ts';
import { sha256, timeOrderedId } from './credentials.ts';
import { ServiceError } from './errors.ts';
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_HOURS = 12;
/** failed sign-ins in a row before the account waits; each further failure doubles the wait */
export const LOCK_AFTER = 5;
const FIRST_LOCK_MINUTES = 15;
const LONGEST_LOCK_HOURS = 24;
/** sign-in attempts one address may make in a minute, whatever accounts they name */
export const ATTEMPTS_PER_MINUTE = 10;

export interface Authenticated {
  user: UserRecord;
  via: 'session' | 'token';
  /** the session's CSRF token, which every change made with the cookie must carry */
  csrfToken?: string;
}

export const publicUser = (user: UserRecord): StaffUser => ({
  id: user.id,
  email: user.email,
  name: user.name,
  memberships: user.memberships,
  superadmin: user.superadmin,
});

const secureToken = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Staff accounts: sign-in with backoff and lockout, sessions, personal API tokens. */
export class StaffAuth {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #attempts = new Map<string, number[]>();

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  async createUser(input: { email: string; name: string; password: string; memberships: Membership[]; superadmin?: boolean }): Promise<UserRecord> {
    const user: UserRecord = {
      id: timeOrderedId(),
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      memberships: input.memberships,
      superadmin: input.superadmin ?? false,
      createdAt: this.#clock.now().toISOString(),
      disabledAt: null,
      failedLogins: 0,
      lockedUntil: null,
    };
    try {
      await this.#store.staff.createUser(user);
    } catch (error) {
      if (error instanceof EmailTaken) throw new ServiceError(409, 'email_taken', `an account with ${user.email} already exists`);
      throw error;
    }
    return user;
  }

  /**
   * Checks the password. Unknown emails take as long as wrong passwords and answer the same,
   * so neither can be told apart; too many failures make the account wait, too many attempts
   * from one address make the address wait.
   */
  async signIn(email: string, password: string, address: string): Promise<{ cookie: string; csrfToken: string; expiresAt: string; user: UserRecord }> {
    const now = this.#clock.now();
    this.#throttle(address, now);
    const user = await this.#store.staff.findUserByEmail(email.trim().toLowerCase());
    if (user?.lockedUntil && new Date(user.lockedUntil) > now) {
      const wait = Math.ceil((Date.parse(user.lockedUntil) - now.getTime()) / 1000);
      throw new ServiceError(429, 'account_locked', 'too many failed sign-ins; try again later', { details: { retryAfter: wait } });
    }
    const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
    if (!user || !matches || user.disabledAt) {
      if (user && !matches) await this.#failed(user, now);
      await this.#store.staff.appendAudit({
        at: now.toISOString(),
        siteKey: null,
        actor: user?.id ?? 'unknown',
        action: 'sign-in-failed',
        target: user?.id ?? null,
        details: { reason: !user ? 'unknown account' : user.disabledAt ? 'disabled' : 'wrong password' },
      });
      throw new ServiceError(401, 'sign_in_failed', 'the email or the password is wrong');
    }
    if (user.failedLogins || user.lockedUntil) await this.#store.staff.updateUser(user.id, { failedLogins: 0, lockedUntil: null });
    const cookie = secureToken('');
    const csrfToken = secureToken('');
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
    await this.#store.staff.createSession({ idHash: sha256(cookie), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt });
    await this.#store.staff.appendAudit({ at: now.toISOString(), siteKey: null, actor: user.id, action: 'sign-in', target: user.id, details: {} });
    return { cookie, csrfToken, expiresAt, user };
  }

  async #failed(user: UserRecord, now: Date): Promise<void> {
    const failedLogins = user.failedLogins + 1;
    const over = failedLogins - LOCK_AFTER;
    const minutes = over >= 0 ? Math.min(FIRST_LOCK_MINUTES * 2 ** over, LONGEST_LOCK_HOURS * 60) : 0;
    const lockedUntil = minutes ? new Date(now.getTime() + minutes * 60_000).toISOString() : null;
    await this.#store.staff.updateUser(user.id, { failedLogins, lockedUntil });
  }

  #throttle(address: string, now: Date): void {
    const windowStart = now.getTime() - 60_000;
    const recent = (this.#attempts.get(address) ?? []).filter((t) => t > windowStart);
    if (recent.length >= ATTEMPTS_PER_MINUTE) {
      const retryAfter = Math.ceil((recent[0]! + 60_000 - now.getTime()) / 1000);
      throw new ServiceError(429, 'rate_limited', 'too many sign-in attempts from here; wait a minute', { details: { retryAfter } });
    }
    recent.push(now.getTime());
    this.#attempts.set(address, recent);
    // forget addresses that have gone quiet, so the map does not grow without bound
    if (this.#attempts.size > 10_000) {
      for (const [key, times] of this.#attempts) if (times.every((t) => t <= windowStart)) this.#attempts.delete(key);
    }
  }

  async fromSession(cookie: string): Promise<Authenticated | null> {
    const session = await this.#store.staff.findSession(sha256(cookie));
    if (!session || new Date(session.expiresAt) <= this.#clock.now()) return null;
    const user = await this.#store.staff.getUser(session.userId);
    return user && !user.disabledAt ? { user, via: 'session', csrfToken: session.csrfToken } : null;
  }

  async fromToken(token: string): Promise<Authenticated | null> {
    const record = await this.#store.staff.findToken(sha256(token));
    if (!record || record.revokedAt) return null;
    const user = await this.#store.staff.getUser(record.userId);
    if (!user || user.disabledAt) return null;
    await this.#store.staff.touchToken(record.id, this.#clock.now().toISOString());
    return { user, via: 'token' };
  }

  static csrfMatches(expected: string | undefined, given: string | undefined): boolean {
    return Boolean(expected && given && sameText(expected, given));
  }

  async signOut(cookie: string): Promise<void> {
    await this.#store.staff.deleteSession(sha256(cookie));
  }

  async createToken(user: UserRecord, label: string): Promise<{ record: StaffTokenRecord; token: string }> {
    const token = secureToken('cdt_');
    const record: StaffTokenRecord = {
      id: timeOrderedId(),
      userId: user.id,
      label,
      createdAt: this.#clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.#store.staff.createToken({ ...record, tokenHash: sha256(token) });
    await this.#store.staff.appendAudit({ at: record.createdAt, siteKey: null, actor: user.id, action: 'token-created', target: record.id, details: { label } });
    return { record, token };
  }

  async listTokens(user: UserRecord): Promise<StaffTokenRecord[]> {
    return this.#store.staff.listTokens(user.id);
  }

  async revokeToken(user: UserRecord, id: string): Promise<void> {
    const at = this.#clock.now().toISOString();
    if (!(await this.#store.staff.revokeToken(user.id, id, at))) throw new ServiceError(404, 'token_not_found', 'no such active token of yours');
    await this.#store.staff.appendAudit({ at, siteKey: null, actor: user.id, action: 'token-revoked', target: id, details: {} });
  }

  async changePassword(user: UserRecord, current: string, next: string): Promise<void> {
    if (!(await verifyPassword(current, user.passwordHash))) throw new ServiceError(403, 'wrong_password', 'the current password is wrong');
    await this.#store.staff.updateUser(user.id, { passwordHash: await hashPassword(next) });
    // every other session ends: a stolen cookie does not outlive a password change
    await this.#store.staff.deleteSessionsOf(user.id);
    await this.#store.staff.appendAudit({ at: this.#clock.now().toISOString(), siteKey: null, actor: user.id, action: 'password-changed', target: user.id, details: {} });
  }
}
