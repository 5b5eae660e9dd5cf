import { msg, str } from '@lit/localize';
import { roleName, wordFor } from '../../shared/labels.ts';
import { currentLocale } from '../../shared/locale.ts';
import type { AuditEntry } from '../../shared/staff-api.ts';

/** The actions a site's audit log records, in the order the filter offers them. */
export const SITE_ACTIONS = ['identity-revealed', 'site-configured', 'member-added', 'member-changed', 'member-removed'] as const;

/** What an entry is about, for its badge: who saw an identity, the configuration, the staff, or signing in. */
export type EntryKind = 'identity' | 'configuration' | 'staff' | 'account' | 'other';

export function kindOf(action: string): EntryKind {
  if (action === 'identity-revealed') return 'identity';
  if (action === 'site-configured') return 'configuration';
  if (action.startsWith('member-')) return 'staff';
  if (action.startsWith('sign-in') || action.startsWith('token-') || action === 'password-changed') return 'account';
  return 'other';
}

export const kindName = (kind: EntryKind): string =>
  ({
    identity: msg('Identity'),
    configuration: msg('Configuration'),
    staff: msg('Staff'),
    account: msg('Account'),
    other: msg('Other'),
  })[kind];

/** An action in plain words. */
export const actionName = (action: string): string =>
  wordFor(action, {
    'identity-revealed': msg('Revealed who made a complaint'),
    'site-configured': msg('Changed the site’s configuration'),
    'member-added': msg('Added a member of staff'),
    'member-changed': msg('Changed a member’s access'),
    'member-removed': msg('Took a member’s access to this site away'),
    'sign-in': msg('Signed in'),
    'sign-in-failed': msg('Failed to sign in'),
    'token-created': msg('Created an API token'),
    'token-revoked': msg('Revoked an API token'),
    'password-changed': msg('Changed their password'),
  });

/** Who did it: a member's name, the server's command line, or the account id as recorded. */
export function actorName(entry: AuditEntry): string {
  if (entry.actorName) return entry.actorName;
  if (entry.actor === 'admin-command') return msg('The server’s administrator (command line)');
  if (entry.actor === 'unknown') return msg('An unknown account');
  return entry.actor;
}

/** A part of the complainant's identity that was shown. */
const identityField = (field: string): string => wordFor(field, { name: msg('name'), phone: msg('phone'), email: msg('email') });

/** A part of the site's configuration, as the settings screen calls it. */
const settingName = (key: string): string =>
  wordFor(key, {
    name: msg('name'),
    kind: msg('kind of organisation'),
    timezone: msg('time zone'),
    defaultLocale: msg('default language'),
    allowedOrigins: msg('websites that may embed the form'),
    theme: msg('app colours'),
    categories: msg('categories'),
    departments: msg('departments'),
    deadlines: msg('deadlines'),
    calendar: msg('business calendar'),
    warningShare: msg('when warnings are raised'),
    manager: msg('who hears of major complaints'),
    reviewRounds: msg('review rounds'),
    reopenWindow: msg('time allowed to ask for a review'),
    archiveSignOff: msg('sign-off before filing'),
    accountability: msg('accountability measures'),
    consentText: msg('consent text'),
    placeFields: msg('place fields'),
    allowAnonymous: msg('anonymous complaints'),
    satisfactionTarget: msg('satisfaction target'),
  });

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * The details of an entry that matter to a reader, as short lines: what was seen, what changed,
 * which roles and departments. Departments are named by `departmentName`.
 */
export function detailLines(entry: AuditEntry, departmentName: (code: string) => string): string[] {
  const d = entry.details;
  const list = (items: string[]) => (items.length ? new Intl.ListFormat(currentLocale(), { type: 'conjunction', style: 'narrow' }).format(items) : msg('none'));
  switch (entry.action) {
    case 'identity-revealed':
      return [msg(str`Shown: ${list(strings(d.fields).map(identityField))}`)];
    case 'site-configured': {
      const policy = strings(d.policy);
      const changed = strings(d.changed).flatMap((key) => (key === 'policy' && policy.length ? policy : [key]));
      return [msg(str`Changed: ${list(changed.map(settingName))}`)];
    }
    case 'member-added':
      return [msg(str`Roles: ${list(strings(d.roles).map(roleName))}`), msg(str`Departments: ${list(strings(d.departments).map(departmentName))}`)];
    case 'member-changed': {
      const lines: string[] = [];
      if (typeof d.name === 'string') lines.push(msg(str`Name now: ${d.name}`));
      if (Array.isArray(d.roles)) lines.push(msg(str`Roles now: ${list(strings(d.roles).map(roleName))}`));
      if (Array.isArray(d.departments)) lines.push(msg(str`Departments now: ${list(strings(d.departments).map(departmentName))}`));
      return lines;
    }
    case 'member-removed':
      return [];
    case 'sign-in-failed':
      return typeof d.reason === 'string' ? [msg(str`Reason: ${d.reason}`)] : [];
    case 'token-created':
      return typeof d.label === 'string' ? [msg(str`Label: ${d.label}`)] : [];
    default:
      return Object.entries(d).map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
}
