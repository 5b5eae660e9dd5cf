import { ROLES, type Role } from '../contract/staff.ts';
import type { UserRecord } from '../store/staff-store.ts';
import type { StaffAccount } from './channel.ts';

const normalise = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * The accounts a staff recipient stands for on a site. Messages name staff as the workflow
 * does: by the name a complaint was dispatched to, or the supervisor or manager the site's
 * policy names. An active member of the site whose name or email is that name receives it;
 * failing that, a name that is a role (`manager`) reaches the site's members with that role.
 */
export function staffAccountsFor(who: string, siteKey: string, users: readonly UserRecord[]): StaffAccount[] {
  const members = users.filter((user) => !user.disabledAt && user.memberships.some((m) => m.site === siteKey));
  const wanted = normalise(who);
  let found = members.filter((user) => normalise(user.name) === wanted || normalise(user.email) === wanted);
  if (!found.length && (ROLES as readonly string[]).includes(wanted)) {
    found = members.filter((user) => user.memberships.some((m) => m.site === siteKey && m.roles.includes(wanted as Role)));
  }
  return found.map(({ id, name, email }) => ({ id, name, email }));
}
