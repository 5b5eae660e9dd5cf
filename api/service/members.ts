import type { Role } from '../contract/staff.ts';
import type { Site } from '../contract/site.ts';
import type { UserRecord } from '../store/staff-store.ts';
import type { Store } from '../store/store.ts';
import type { Standing } from './access.ts';
import type { Clock } from './complaints.ts';
import { ServiceError } from './errors.ts';
import type { StaffAuth } from './staff-auth.ts';

export interface Member {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  departments: string[];
  disabled: boolean;
}

function memberOf(user: UserRecord, siteKey: string): Member {
  const membership = user.memberships.find((m) => m.site === siteKey);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: membership?.roles ?? [],
    departments: membership?.departments ?? [],
    disabled: Boolean(user.disabledAt) || !membership,
  };
}

/** A site's staff as its administrators manage them: every change recorded in the audit log. */
export class Members {
  readonly #store: Store;
  readonly #auth: StaffAuth;
  readonly #clock: Clock;

  constructor(store: Store, auth: StaffAuth, clock: Clock) {
    this.#store = store;
    this.#auth = auth;
    this.#clock = clock;
  }

  async list(site: Site): Promise<Member[]> {
    return (await this.#store.staff.listUsers(site.key)).map((user) => memberOf(user, site.key));
  }

  /** A new account, or — for someone who already has one on another site — a membership here. */
  async add(site: Site, by: Standing, input: { email: string; name: string; password: string; roles: Role[]; departments: string[] }): Promise<Member> {
    this.#checkDepartments(site, input.departments);
    const email = input.email.trim().toLowerCase();
    const existing = await this.#store.staff.findUserByEmail(email);
    let user: UserRecord;
    if (existing) {
      if (existing.memberships.some((m) => m.site === site.key)) throw new ServiceError(409, 'already_member', `${email} is already on this site's staff`);
      // another site's account keeps its own password: an administrator here cannot set it
      const memberships = [...existing.memberships, { site: site.key, roles: input.roles, departments: input.departments }];
      await this.#store.staff.updateUser(existing.id, { memberships });
      user = { ...existing, memberships };
    } else {
      user = await this.#auth.createUser({ email, name: input.name, password: input.password, memberships: [{ site: site.key, roles: input.roles, departments: input.departments }] });
    }
    await this.#audit(site, by, 'member-added', user.id, { roles: input.roles, departments: input.departments });
    return memberOf(user, site.key);
  }

  async change(site: Site, by: Standing, id: string, change: { name?: string; roles?: Role[]; departments?: string[]; disabled?: boolean }): Promise<Member> {
    const user = await this.#store.staff.getUser(id);
    const membership = user?.memberships.find((m) => m.site === site.key);
    if (!user || !membership) throw new ServiceError(404, 'member_not_found', 'no such member of this site');
    if (id === by.user.id && (change.disabled || (change.roles && !change.roles.some((r) => r === 'admin' || r === 'manager')))) {
      throw new ServiceError(409, 'cannot_lock_yourself_out', 'ask another administrator to change your own access');
    }
    if (change.departments) this.#checkDepartments(site, change.departments);
    const memberships = change.disabled
      ? user.memberships.filter((m) => m.site !== site.key)
      : user.memberships.map((m) => (m.site === site.key ? { ...m, ...(change.roles ? { roles: change.roles } : {}), ...(change.departments ? { departments: change.departments } : {}) } : m));
    await this.#store.staff.updateUser(id, { memberships, ...(change.name ? { name: change.name } : {}) });
    if (change.disabled) await this.#store.staff.deleteSessionsOf(id);
    await this.#audit(site, by, change.disabled ? 'member-removed' : 'member-changed', id, { ...change });
    const updated = { ...user, memberships, ...(change.name ? { name: change.name } : {}) };
    return change.disabled ? { ...memberOf(updated, site.key), roles: membership.roles, departments: membership.departments, disabled: true } : memberOf(updated, site.key);
  }

  #checkDepartments(site: Site, departments: string[]): void {
    const known = new Set(site.policy.departments.map((d) => d.code));
    const unknown = departments.filter((d) => !known.has(d));
    if (unknown.length) {
      throw new ServiceError(422, 'unknown_department', `no department ${unknown.map((d) => `"${d}"`).join(', ')} on this site`, {
        issues: [{ path: ['departments'], message: 'unknown department', code: 'unknown_department' }],
      });
    }
  }

  async #audit(site: Site, by: Standing, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    await this.#store.staff.appendAudit({ at: this.#clock.now().toISOString(), siteKey: site.key, actor: by.user.id, action, target, details });
  }
}
