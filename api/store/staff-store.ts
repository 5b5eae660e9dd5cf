import type { Membership } from '../contract/staff.ts';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  /** scrypt, with its parameters and salt: `scrypt$N$r$p$salt$hash` */
  passwordHash: string;
  memberships: Membership[];
  superadmin: boolean;
  createdAt: string;
  disabledAt: string | null;
  /** failed sign-ins in a row, and until when sign-in is refused after too many */
  failedLogins: number;
  lockedUntil: string | null;
}

export interface SessionRecord {
  /** SHA-256 of the cookie's value: the value itself is never stored */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface StaffTokenRecord {
  id: string;
  userId: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** One line of the audit log: sign-ins, configuration changes, every reveal of a complainant's identity. */
export interface AuditEntry {
  id: number;
  at: string;
  siteKey: string | null;
  /** who did it: a user id, or `system` */
  actor: string;
  action: string;
  /** what it was done to: a complaint id, a user id, a site key */
  target: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'prevHash' | 'hash'>;

export class EmailTaken extends Error {}

/** How a member of staff hears of their work: each message at once, or one digest a day. */
export type NotificationDelivery = 'immediate' | 'daily-digest';

/** Staff accounts, their sessions and tokens, and the audit log (append-only, hash-chained). */
export interface StaffStore {
  createUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  /** members of a site, by name */
  listUsers(siteKey: string): Promise<UserRecord[]>;
  countUsers(): Promise<number>;
  updateUser(id: string, change: Partial<Omit<UserRecord, 'id' | 'createdAt'>>): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  findSession(idHash: string): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<void>;

  createToken(token: StaffTokenRecord & { tokenHash: string }): Promise<void>;
  findToken(tokenHash: string): Promise<StaffTokenRecord | null>;
  listTokens(userId: string): Promise<StaffTokenRecord[]>;
  revokeToken(userId: string, id: string, at: string): Promise<boolean>;
  touchToken(id: string, at: string): Promise<void>;

  /** each account's choice; an account that never chose hears at once ('immediate') */
  notificationDelivery(userIds: readonly string[]): Promise<Map<string, NotificationDelivery>>;
  setNotificationDelivery(userId: string, delivery: NotificationDelivery, at: string): Promise<void>;

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** newest first; `before` an id, for the next page */
  readAudit(siteKey: string, options: { limit: number; before?: number; action?: string; target?: string }): Promise<AuditEntry[]>;
  /** the whole log in order, for verifying its chain */
  eachAudit(): AsyncIterable<AuditEntry>;
}
