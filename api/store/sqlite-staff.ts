import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { GENESIS_HASH, auditHash } from './audit-chain.ts';
import { type Row, auditFromRow, tokenFromRow, userFromRow } from './rows.ts';
import {
  type AuditEntry,
  EmailTaken,
  type NewAuditEntry,
  type NotificationDelivery,
  type SessionRecord,
  type StaffStore,
  type StaffTokenRecord,
  type UserRecord,
} from './staff-store.ts';

/** Staff accounts and the audit log in the same SQLite file as the complaints. */
export class SqliteStaffStore implements StaffStore {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #sql(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #writeSites(user: Pick<UserRecord, 'id' | 'memberships'>): void {
    this.#sql('DELETE FROM user_sites WHERE user_id = ?').run(user.id);
    for (const site of new Set(user.memberships.map((m) => m.site))) {
      this.#sql('INSERT INTO user_sites (user_id, site_key) VALUES (?, ?)').run(user.id, site);
    }
  }

  async createUser(user: UserRecord): Promise<void> {
    this.#transaction(() => {
      if (this.#sql('SELECT 1 FROM users WHERE email = ?').get(user.email)) throw new EmailTaken(user.email);
      this.#sql(
        `INSERT INTO users (id, email, name, password_hash, memberships, superadmin, created_at, disabled_at, failed_logins, locked_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        user.id,
        user.email,
        user.name,
        user.passwordHash,
        JSON.stringify(user.memberships),
        user.superadmin ? 1 : 0,
        user.createdAt,
        user.disabledAt,
        user.failedLogins,
        user.lockedUntil,
      );
      this.#writeSites(user);
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const row = this.#sql('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return row ? userFromRow(row) : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.#sql('SELECT * FROM users WHERE email = ?').get(email) as Row | undefined;
    return row ? userFromRow(row) : null;
  }

  async listUsers(siteKey: string): Promise<UserRecord[]> {
    const rows = this.#sql(
      'SELECT users.* FROM users JOIN user_sites ON user_sites.user_id = users.id WHERE user_sites.site_key = ? ORDER BY users.name, users.id',
    ).all(siteKey) as Row[];
    return rows.map(userFromRow);
  }

  async countUsers(): Promise<number> {
    return Number((this.#sql('SELECT count(*) AS n FROM users').get() as Row).n);
  }

  async updateUser(id: string, change: Partial<Omit<UserRecord, 'id' | 'createdAt'>>): Promise<void> {
    const columns: Record<string, string> = {
      email: 'email',
      name: 'name',
      passwordHash: 'password_hash',
      memberships: 'memberships',
      superadmin: 'superadmin',
      disabledAt: 'disabled_at',
      failedLogins: 'failed_logins',
      lockedUntil: 'locked_until',
    };
    const entries = Object.entries(change).filter(([key, value]) => key in columns && value !== undefined);
    if (!entries.length) return;
    const value = (key: string, v: unknown) => (key === 'memberships' ? JSON.stringify(v) : key === 'superadmin' ? (v ? 1 : 0) : v);
    this.#transaction(() => {
      if (change.email) {
        const owner = this.#sql('SELECT id FROM users WHERE email = ?').get(change.email) as Row | undefined;
        if (owner && String(owner.id) !== id) throw new EmailTaken(change.email);
      }
      this.#db
        .prepare(`UPDATE users SET ${entries.map(([key]) => `${columns[key]} = ?`).join(', ')} WHERE id = ?`)
        .run(...(entries.map(([key, v]) => value(key, v)) as (string | number | null)[]), id);
      if (change.memberships) this.#writeSites({ id, memberships: change.memberships });
    });
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.#sql('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      session.idHash,
      session.userId,
      session.csrfToken,
      session.createdAt,
      session.expiresAt,
    );
  }

  async findSession(idHash: string): Promise<SessionRecord | null> {
    const r = this.#sql('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return r
      ? { idHash: String(r.id_hash), userId: String(r.user_id), csrfToken: String(r.csrf_token), createdAt: String(r.created_at), expiresAt: String(r.expires_at) }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.#sql('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    this.#sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  async createToken(token: StaffTokenRecord & { tokenHash: string }): Promise<void> {
    this.#sql('INSERT INTO staff_tokens (id, user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)').run(
      token.id,
      token.userId,
      token.tokenHash,
      token.label,
      token.createdAt,
    );
  }

  async findToken(tokenHash: string): Promise<StaffTokenRecord | null> {
    const r = this.#sql('SELECT * FROM staff_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return r ? tokenFromRow(r) : null;
  }

  async listTokens(userId: string): Promise<StaffTokenRecord[]> {
    return (this.#sql('SELECT * FROM staff_tokens WHERE user_id = ? ORDER BY created_at, id').all(userId) as Row[]).map(tokenFromRow);
  }

  async revokeToken(userId: string, id: string, at: string): Promise<boolean> {
    const result = this.#sql('UPDATE staff_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(at, id, userId);
    return Number(result.changes) > 0;
  }

  async touchToken(id: string, at: string): Promise<void> {
    this.#sql('UPDATE staff_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  async notificationDelivery(userIds: readonly string[]): Promise<Map<string, NotificationDelivery>> {
    const found = new Map<string, NotificationDelivery>(userIds.map((id) => [id, 'immediate']));
    const read = this.#sql('SELECT delivery FROM staff_notification_settings WHERE user_id = ?');
    for (const id of userIds) {
      const row = read.get(id) as Row | undefined;
      if (row) found.set(id, String(row.delivery) as NotificationDelivery);
    }
    return found;
  }

  async setNotificationDelivery(userId: string, delivery: NotificationDelivery, at: string): Promise<void> {
    this.#sql(
      `INSERT INTO staff_notification_settings (user_id, delivery, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET delivery = excluded.delivery, updated_at = excluded.updated_at`,
    ).run(userId, delivery, at);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.#transaction(() => {
      const last = this.#sql('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as Row | undefined;
      const prevHash = last ? String(last.hash) : GENESIS_HASH;
      const hash = auditHash(prevHash, entry);
      const result = this.#sql(
        'INSERT INTO audit_log (at, site_key, actor, action, target, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ).run(entry.at, entry.siteKey, entry.actor, entry.action, entry.target, JSON.stringify(entry.details), prevHash, hash);
      return { ...entry, id: Number(result.lastInsertRowid), prevHash, hash };
    });
  }

  async readAudit(siteKey: string, options: { limit: number; before?: number; action?: string; target?: string }): Promise<AuditEntry[]> {
    const rows = this.#sql(
      `SELECT * FROM audit_log WHERE site_key = ?1 AND (?2 IS NULL OR id < ?2) AND (?3 IS NULL OR action = ?3)
         AND (?4 IS NULL OR target = ?4)
       ORDER BY id DESC LIMIT ?5`,
    ).all(siteKey, options.before ?? null, options.action ?? null, options.target ?? null, options.limit) as Row[];
    return rows.map(auditFromRow);
  }

  async *eachAudit(): AsyncIterable<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = this.#sql('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000').all(after) as Row[];
      if (!rows.length) return;
      for (const row of rows) yield auditFromRow(row);
      after = Number(rows.at(-1)!.id);
    }
  }
}
