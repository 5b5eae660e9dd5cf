import type { Complainant } from '../contract/complaint.ts';
import { type Ability, ROLE_ABILITIES, ROLE_COMMANDS } from '../contract/roles.ts';
import type { Role } from '../contract/staff.ts';
import type { StaffCommandType } from '../contract/staff-api.ts';
import type { UserRecord } from '../store/staff-store.ts';
import type { ComplaintState } from '../workflow/state.ts';

export { type Ability, ROLE_ABILITIES, ROLE_COMMANDS };

/** A member's standing on one site: their roles and the departments they are limited to. */
export interface Standing {
  user: UserRecord;
  site: string;
  roles: readonly Role[];
  /** null: every department of the site */
  departments: ReadonlySet<string> | null;
}

export function standingOn(user: UserRecord, site: string): Standing | null {
  const membership = user.memberships.find((m) => m.site === site);
  if (!membership || user.disabledAt) return null;
  // Handlers work only their departments; supervisors oversee theirs, or all when none are named.
  const limited = membership.roles.every((role) => role === 'handler' || role === 'supervisor');
  const departments = limited && (membership.departments.length || membership.roles.includes('handler')) ? new Set(membership.departments) : null;
  return { user, site, roles: membership.roles, departments };
}

export const can = (standing: Standing, ability: Ability): boolean => standing.roles.some((role) => ROLE_ABILITIES[role].includes(ability));

export function commandsOf(standing: Standing): ReadonlySet<StaffCommandType> {
  return new Set(standing.roles.flatMap((role) => ROLE_COMMANDS[role]));
}

/** Whether the complaint is in the member's departments. Out of scope reads as not there at all. */
export const inScope = (standing: Standing, state: Pick<ComplaintState, 'department'>): boolean =>
  standing.departments === null || standing.departments.has(state.department);

const normalise = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The staff member a complaint is about never learns who made it (002 篇2 第八條, 第十條):
 * the named subject is compared with the member's name and email.
 */
export function isNamedIn(user: Pick<UserRecord, 'name' | 'email'>, state: Pick<ComplaintState, 'subject'>): boolean {
  if (!state.subject) return false;
  const subject = normalise(state.subject);
  return [user.name, user.email].some((who) => {
    const w = normalise(who);
    return w.length >= 2 && subject.includes(w);
  });
}

/** 13800004220 → 138****4220; the shape stays, the person does not. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepStart = digits.length >= 11 ? 3 : Math.min(3, digits.length - 4);
  return `${digits.slice(0, keepStart)}${'*'.repeat(digits.length - keepStart - 4)}${digits.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** 王芳 → 王*, Chan Tai Man → C*** T** M**. */
export function maskName(name: string): string {
  return name
    .split(/(\s+)/)
    .map((part) => (/^\s+$/.test(part) ? part : [...part].map((ch, i) => (i === 0 ? ch : '*')).join('')))
    .join('');
}

export function maskComplainant(c: Complainant): Complainant {
  return {
    ...(c.name ? { name: maskName(c.name) } : {}),
    ...(c.phone ? { phone: maskPhone(c.phone) } : {}),
    ...(c.email ? { email: maskEmail(c.email) } : {}),
    ...(c.preferredContact ? { preferredContact: c.preferredContact } : {}),
  };
}
