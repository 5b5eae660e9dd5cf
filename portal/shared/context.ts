import type { Role } from '../../api/contract/staff.ts';
import type { StaffCommandType } from '../../api/contract/staff-api.ts';
import { type Ability, ROLE_ABILITIES, ROLE_COMMANDS } from '../../api/contract/roles.ts';
import type { PublicSite } from '../../api/contract/site.ts';
import type { Session, StaffApi } from './staff-api.ts';

/**
 * What every view of the portal is given by `<complaint-portal>` (as its `portal` property):
 * the API, who is signed in, the site being worked and how to move to another screen.
 */
export interface PortalContext {
  api: StaffApi;
  session: Session;
  /** the site key being worked */
  site: string;
  /** the site as residents see it: names of categories and departments, time zone, languages */
  publicSite: PublicSite;
  /** the member's roles on this site */
  roles: readonly Role[];
  /** goes to a screen of the portal, e.g. `complaints/123`, `desk` or `` for the queue */
  navigate(path: string, options?: { replace?: boolean }): void;
  /** the address of a screen, for `<a href>` (links work with a middle click too) */
  href(path: string): string;
}

export function can(context: Pick<PortalContext, 'roles'>, ability: Ability): boolean {
  return context.roles.some((role) => ROLE_ABILITIES[role].includes(ability));
}

export function mayCommand(context: Pick<PortalContext, 'roles'>, command: StaffCommandType): boolean {
  return context.roles.some((role) => ROLE_COMMANDS[role].includes(command));
}

/** An Idempotency-Key; `crypto.randomUUID` exists only in secure contexts. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
