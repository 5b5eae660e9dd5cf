import { z } from 'zod';
import { Role } from '../contract/staff.ts';
import { systemClock } from '../service/complaints.ts';
import { ServiceError } from '../service/errors.ts';
import { generatePassword } from '../service/passwords.ts';
import { StaffAuth } from '../service/staff-auth.ts';
import { type AdminCommand, UsageError, requireSite } from './command.ts';

const csv = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

/**
 * Creates a staff account with roles on a site — the way to the first administrator. The
 * password is generated and printed once, alone on the last line.
 */
export const createUser: AdminCommand = async ({ store, options, out }) => {
  const email = z.email().safeParse(options.email?.trim().toLowerCase());
  if (!email.success) throw new UsageError('--email must be an email address');
  const name = options.name?.trim() || email.data.split('@')[0]!;
  const roles = z.array(Role).min(1).safeParse(csv(options.role));
  if (!roles.success) throw new UsageError(`--role must be one or more of ${Role.options.join(', ')} (comma-separated)`);
  const site = await requireSite(store, options.site);
  const departments = csv(options.departments);
  const unknown = departments.filter((d) => !site.policy.departments.some((known) => known.code === d));
  if (unknown.length) throw new UsageError(`no department ${unknown.join(', ')} on ${site.key}`);
  const password = generatePassword();
  try {
    const user = await new StaffAuth(store, systemClock).createUser({
      email: email.data,
      name,
      password,
      memberships: [{ site: site.key, roles: roles.data, departments }],
      superadmin: options.superadmin !== undefined,
    });
    await store.staff.appendAudit({
      at: new Date().toISOString(),
      siteKey: site.key,
      actor: 'admin-command',
      action: 'member-added',
      target: user.id,
      details: { roles: roles.data, departments },
    });
    out(`Created ${user.email} (${roles.data.join(', ')} on ${site.key}). Sign in at /portal/ with this password, then change it:`);
    out(password);
    return 0;
  } catch (error) {
    if (error instanceof ServiceError) throw new UsageError(error.message);
    throw error;
  }
};

export const listUsers: AdminCommand = async ({ store, options, out }) => {
  const site = await requireSite(store, options.site);
  const users = await store.staff.listUsers(site.key);
  if (!users.length) out(`no staff on ${site.key} yet`);
  for (const user of users) {
    const membership = user.memberships.find((m) => m.site === site.key)!;
    out(`${user.email}\t${user.name}\t${membership.roles.join(',')}\t${membership.departments.join(',') || 'all departments'}${user.disabledAt ? '\tdisabled' : ''}`);
  }
  return 0;
};
