import type pg from 'pg';
import { GENESIS_HASH, auditHash } from './audit-chain.ts';
import { inTransaction } from './postgres-transaction.ts';
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

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/** Staff accounts and the audit log in the same PostgreSQL schema as the complaints. */
export class PostgresStaffStore implements StaffStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async #rows(sql: string, params: unknown[] = [], db: pg.Pool | pg.PoolClient = this.#pool): Promise<Row[]> {
    return (await db.query<Row>(sql, params)).rows;
  }

  #transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, work);
  }

  async #writeSites(db: pg.PoolClient, user: Pick<UserRecord, 'id' | 'memberships'>): Promise<void> {
    await db.query('DELETE FROM user_sites WHERE user_id = $1', [user.id]);
    for (const site of new Set(user.memberships.map((m) => m.site))) {
      await db.query('INSERT INTO user_sites (user_id, site_key) VALUES ($1, $2)', [user.id, site]);
    }
  }

  async createUser(user: UserRecord): Promise<void> {
    try {
      await this.#transaction(async (db) => {
        await db.query(
          `INSERT INTO users (id, email, name, password_hash, memberships, superadmin, created_at, disabled_at, failed_logins, locked_until)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            user.id,
            user.email,
            user.name,
            user.passwordHash,
            JSON.stringify(user.memberships),
            user.superadmin,
            user.createdAt,
            user.disabledAt,
            user.failedLogins,
            user.lockedUntil,
          ],
        );
        await this.#writeSites(db, user);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTaken(user.email);
      throw error;
    }
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const [row] = await this.#rows('SELECT * FROM users WHERE id = $1', [id]);
    return row ? userFromRow(row) : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.#rows('SELECT * FROM users WHERE email = $1', [email]);
    return row ? userFromRow(row) : null;
  }

  async listUsers(siteKey: string): Promise<UserRecord[]> {
    const rows = await this.#rows(
      'SELECT users.* FROM users JOIN user_sites ON user_sites.user_id = users.id WHERE user_sites.site_key = $1 ORDER BY users.name, users.id',
      [siteKey],
    );
    return rows.map(userFromRow);
  }

  async countUsers(): Promise<number> {
    const [row] = await this.#rows('SELECT count(*) AS n FROM users');
    return Number(row!.n);
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
    try {
      await this.#transaction(async (db) => {
        await db.query(
          `UPDATE users SET ${entries.map(([key], i) => `${columns[key]} = $${i + 1}`).join(', ')} WHERE id = $${entries.length + 1}`,
          [...entries.map(([key, v]) => (key === 'memberships' ? JSON.stringify(v) : v)), id],
        );
        if (change.memberships) await this.#writeSites(db, { id, memberships: change.memberships });
      });
    } catch (error) {
      if (isUniqueViolation(error) && change.email) throw new EmailTaken(change.email);
      throw error;
    }
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.#pool.query('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      session.idHash,
      session.userId,
      session.csrfToken,
      session.createdAt,
      session.expiresAt,
    ]);
  }

  async findSession(idHash: string): Promise<SessionRecord | null> {
    const [r] = await this.#rows('SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
    return r
      ? { idHash: String(r.id_hash), userId: String(r.user_id), csrfToken: String(r.csrf_token), createdAt: String(r.created_at), expiresAt: String(r.expires_at) }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.#pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async createToken(token: StaffTokenRecord & { tokenHash: string }): Promise<void> {
    await this.#pool.query('INSERT INTO staff_tokens (id, user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)', [
      token.id,
      token.userId,
      token.tokenHash,
      token.label,
      token.createdAt,
    ]);
  }

  async findToken(tokenHash: string): Promise<StaffTokenRecord | null> {
    const [r] = await this.#rows('SELECT * FROM staff_tokens WHERE token_hash = $1', [tokenHash]);
    return r ? tokenFromRow(r) : null;
  }

  async listTokens(userId: string): Promise<StaffTokenRecord[]> {
    return (await this.#rows('SELECT * FROM staff_tokens WHERE user_id = $1 ORDER BY created_at, id', [userId])).map(tokenFromRow);
  }

  async revokeToken(userId: string, id: string, at: string): Promise<boolean> {
    const result = await this.#pool.query('UPDATE staff_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL', [
      at,
      id,
      userId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.#pool.query('UPDATE staff_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }

  async notificationDelivery(userIds: readonly string[]): Promise<Map<string, NotificationDelivery>> {
    const found = new Map<string, NotificationDelivery>(userIds.map((id) => [id, 'immediate']));
    if (!userIds.length) return found;
    const rows = await this.#rows('SELECT user_id, delivery FROM staff_notification_settings WHERE user_id = ANY($1)', [[...userIds]]);
    for (const row of rows) found.set(String(row.user_id), String(row.delivery) as NotificationDelivery);
    return found;
  }

  async setNotificationDelivery(userId: string, delivery: NotificationDelivery, at: string): Promise<void> {
    await this.#pool.query(
      `INSERT INTO staff_notification_settings (user_id, delivery, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET delivery = excluded.delivery, updated_at = excluded.updated_at`,
      [userId, delivery, at],
    );
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.#transaction(async (db) => {
      // one writer at a time, so every entry links to the one truly before it
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('complaint-desk:audit:' || coalesce(current_schema(), '')))`);
      const [last] = await this.#rows('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1', [], db);
      const prevHash = last ? String(last.hash) : GENESIS_HASH;
      const hash = auditHash(prevHash, entry);
      const [row] = await this.#rows(
        `INSERT INTO audit_log (at, site_key, actor, action, target, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [entry.at, entry.siteKey, entry.actor, entry.action, entry.target, JSON.stringify(entry.details), prevHash, hash],
        db,
      );
      return { ...entry, id: Number(row!.id), prevHash, hash };
    });
  }

  async readAudit(siteKey: string, options: { limit: number; before?: number; action?: string; target?: string }): Promise<AuditEntry[]> {
    const rows = await this.#rows(
      `SELECT * FROM audit_log WHERE site_key = $1 AND ($2::bigint IS NULL OR id < $2) AND ($3::text IS NULL OR action = $3)
         AND ($4::text IS NULL OR target = $4)
       ORDER BY id DESC LIMIT $5`,
      [siteKey, options.before ?? null, options.action ?? null, options.target ?? null, options.limit],
    );
    return rows.map(auditFromRow);
  }

  async *eachAudit(): AsyncIterable<AuditEntry> {
    let after = 0;
    for (;;) {
      const rows = await this.#rows('SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000', [after]);
      if (!rows.length) return;
      for (const row of rows) yield auditFromRow(row);
      after = Number(rows.at(-1)!.id);
    }
  }
}
