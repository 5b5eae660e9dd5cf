import type { Role } from './staff.ts';
import type { StaffCommandType } from './staff-api.ts';

/*
 * Who may do what: plain data the server enforces and the portal reads to show only the
 * screens and buttons a member may use.
 */

/** What someone does on a site, beyond the workflow's own commands. */
export type Ability =
  | 'read-queue'
  | 'register'
  | 'reveal-identity'
  | 'read-reports'
  | 'verify'
  | 'read-audit'
  | 'configure'
  | 'manage-staff';

const HANDLING: readonly StaffCommandType[] = [
  'request-information',
  'provide-information',
  'waive-information',
  'arrive-on-site',
  'start-investigation',
  'propose-plan',
  'record-plan-opinion',
  'start-work',
  'add-note',
  'resolve',
  'send-feedback',
  'record-satisfaction',
  'record-return-visit',
  'assess-mediation',
  'record-mediation-agreement',
  'record-mediation-failure',
  'record-settlement',
  'record-finding',
];

const FRONT_DESK: readonly StaffCommandType[] = [
  'accept',
  'not-accept',
  'request-information',
  'provide-information',
  'waive-information',
  'classify',
  'dispatch',
  'arrive-on-site',
  'add-note',
  'send-feedback',
  'record-satisfaction',
  'record-plan-opinion',
  'merge',
  'withdraw',
  'correct',
];

const SUPERVISION: readonly StaffCommandType[] = [
  ...HANDLING,
  'accept',
  'not-accept',
  'classify',
  'dispatch',
  'escalate',
  'extend-deadline',
  'reopen',
  'close',
  'merge',
  'correct',
];

/**
 * The table of duties (issue: roles and scopes). A member's rights on a site are the union of
 * their roles'. The workflow itself still decides whether a command fits the complaint's status.
 */
export const ROLE_COMMANDS: Record<Role, readonly StaffCommandType[]> = {
  admin: [],
  'front-desk': FRONT_DESK,
  handler: HANDLING,
  supervisor: SUPERVISION,
  manager: [...new Set([...SUPERVISION, ...FRONT_DESK, 'archive'] as StaffCommandType[])],
  auditor: [],
};

export const ROLE_ABILITIES: Record<Role, readonly Ability[]> = {
  admin: ['configure', 'manage-staff', 'read-audit'],
  'front-desk': ['read-queue', 'register', 'reveal-identity'],
  handler: ['read-queue', 'reveal-identity'],
  supervisor: ['read-queue', 'register', 'reveal-identity', 'read-reports'],
  manager: ['read-queue', 'register', 'reveal-identity', 'read-reports', 'verify', 'read-audit', 'configure', 'manage-staff'],
  auditor: ['read-queue', 'read-reports', 'verify', 'read-audit'],
};
