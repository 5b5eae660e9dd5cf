import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { StoredEvent } from '../contract/events.ts';
import { Site } from '../contract/site.ts';
import { evolve } from '../workflow/evolve.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { chain } from './chain.ts';
import { loadMigrations } from './migrations.ts';
import { type Row, changedFromRow, eventFromRow, outboxFromRow } from './rows.ts';
import { SqliteQueue, reprojectAll, snapshotRow, writeProjection } from './sqlite-queue.ts';
import { SqliteStaffStore } from './sqlite-staff.ts';
import { SqliteChannelStore } from './sqlite-channels.ts';
import type { ProjectionRow } from './projection.ts';
import type {
  ApiKeyRecord,
  ChangedComplaint,
  Commit,
  CommitResult,
  IdempotentAnswer,
  ListPage,
  ListQuery,
  NewAttachment,
  MigrationRecord,
  OutboxClaim,
  OutboxFailure,
  OutboxFilter,
  OutboxMessage,
  Store,
  StoredOutboxMessage,
} from './store.ts';
import { dueOrder } from './outbox-order.ts';


/** how long a kept site is trusted before its revision is looked at again */
const SITE_RECHECK_MS = 1000;
/** commits per transaction at most: a long one would hold up every request behind it */
const MAX_BATCH = 16;
/** rows indexed for search per background pass, so a pass never holds the thread long */
const SEARCH_BATCH = 200;
const SEARCH_INTERVAL_MS = 250;
/** the migration that adds the queue's columns, which only projectionRow can fill */
const QUEUE_MIGRATION = 4;

/** The embedded default: one SQLite file, one writer, durable on every commit. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly staff: SqliteStaffStore;
  readonly channels: SqliteChannelStore;
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #sites = new Map<string, { revision: number; site: Site; checkedAt: number }>();
  readonly #statements = new Map<string, StatementSync>();
  readonly #queue: SqliteQueue;
  readonly #pending: { commit: Commit; resolve(result: CommitResult): void; reject(error: unknown): void }[] = [];
  #wal: FileHandle | undefined;
  #searchTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;
  #nextSync: Promise<void> | undefined;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    // the wait first: switching to WAL takes a lock another process (the server, a second
    // admin command) may hold for a moment, and without it the switch fails at once
    this.#db.exec(`
      PRAGMA busy_timeout = 5000;
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      PRAGMA foreign_keys = ON;
    `);
    this.staff = new SqliteStaffStore(this.#db);
    this.channels = new SqliteChannelStore(this.#db);
    this.#queue = new SqliteQueue(this.#db);
  }

  async migrate(): Promise<MigrationRecord[]> {
    const db = this.#db;
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) => Number(r.version)),
    );
    for (const migration of loadMigrations('sqlite')) {
      if (applied.has(migration.version)) continue;
      this.#transaction(() => {
        db.exec(migration.sql);
        if (migration.version === QUEUE_MIGRATION) reprojectAll(db, (state) => this.#project(state));
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      });
    }
    if (this.path !== ':memory:') this.#searchTimer ??= setInterval(() => this.#indexInBackground(), SEARCH_INTERVAL_MS).unref();
    return (db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Row[]).map(
      (r) => ({ version: Number(r.version), name: String(r.name), appliedAt: String(r.applied_at) }),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.#searchTimer);
    this.#searchTimer = undefined;
    // let commits already handed in finish, and reach the disk, first
    while (this.#pending.length) await new Promise((resolve) => setImmediate(resolve));
    await this.#nextSync;
    await this.#syncing;
    await this.#wal?.close();
    this.#wal = undefined;
    if (this.#db.isOpen) this.#db.close();
  }

  async putSite(site: Site, now: Date): Promise<void> {
    const at = now.toISOString();
    this.#db
      .prepare(
        `INSERT INTO sites (key, document, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at,
           revision = sites.revision + 1`,
      )
      .run(site.key, JSON.stringify(site), at, at);
    this.#sites.delete(site.key);
  }

  async replaceSite(site: Site, now: Date, unchanged: (current: Site) => boolean): Promise<boolean> {
    const replaced = this.#transaction(() => {
      const row = this.#statement('SELECT document FROM sites WHERE key = ?').get(site.key) as Row | undefined;
      if (!row || !unchanged(Site.parse(JSON.parse(String(row.document))))) return false;
      this.#statement('UPDATE sites SET document = ?, updated_at = ?, revision = revision + 1 WHERE key = ?').run(JSON.stringify(site), now.toISOString(), site.key);
      return true;
    });
    this.#sites.delete(site.key);
    return replaced;
  }

  async getSite(key: string): Promise<Site | null> {
    // The same revision is the same site object: callers may key caches on it. A change made by
    // another process (the admin command) is seen within SITE_RECHECK_MS.
    const cached = this.#sites.get(key);
    const now = Date.now();
    if (cached && now - cached.checkedAt < SITE_RECHECK_MS) return cached.site;
    const current = this.#statement('SELECT revision FROM sites WHERE key = ?').get(key) as Row | undefined;
    if (!current) {
      this.#sites.delete(key);
      return null;
    }
    const revision = Number(current.revision);
    if (cached?.revision === revision) {
      cached.checkedAt = now;
      return cached.site;
    }
    const row = this.#statement('SELECT document FROM sites WHERE key = ?').get(key) as Row;
    const site = Site.parse(JSON.parse(String(row.document)));
    this.#sites.set(key, { revision, site, checkedAt: now });
    return site;
  }

  async listSites(): Promise<Site[]> {
    const rows = this.#db.prepare('SELECT document FROM sites ORDER BY key').all() as Row[];
    return rows.map((row) => Site.parse(JSON.parse(String(row.document))));
  }

  /**
   * Commits arriving together share one transaction (group commit). Refusals are decided before
   * anything is written, so the whole batch can share it; only an unexpected failure sends the
   * batch the slow way, one commit at a time. No answer is given before the write-ahead log is
   * synced to disk — and that sync runs off the main thread, so requests are parsed and decided
   * while the disk works.
   */
  commit(commit: Commit): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ commit, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (this.#pending.length) setImmediate(() => this.#flush());
    let answers: ({ ok: true; result: CommitResult } | { ok: false; error: unknown })[];
    try {
      answers = this.#transaction(() => batch.map(({ commit }) => ({ ok: true as const, result: this.#commitOne(commit) })));
    } catch {
      answers = batch.map(({ commit }) => {
        try {
          return { ok: true as const, result: this.#transaction(() => this.#commitOne(commit)) };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
    }
    this.#durable().then(
      () => {
        for (const [i, { resolve, reject }] of batch.entries()) {
          const answer = answers[i]!;
          if (answer.ok) resolve(answer.result);
          else reject(answer.error);
        }
      },
      (error: unknown) => {
        for (const { reject } of batch) reject(error);
      },
    );
  }

  /**
   * Resolves once everything committed so far is on disk: an fsync of the write-ahead log that
   * starts after those commits. Commits made while one sync runs share the next.
   */
  #durable(): Promise<void> {
    if (this.path === ':memory:') return Promise.resolve();
    if (!this.#syncing) {
      this.#syncing = this.#syncWal().finally(() => {
        this.#syncing = undefined;
      });
      return this.#syncing;
    }
    this.#nextSync ??= this.#syncing.then(() => {
      this.#nextSync = undefined;
      return this.#durable();
    });
    return this.#nextSync;
  }

  async #syncWal(): Promise<void> {
    // The log lives as long as this connection does: SQLite rewinds it after a checkpoint, never replaces it.
    this.#wal ??= await open(`${this.path}-wal`, 'r');
    await this.#wal.datasync();
  }

  /** One commit inside the open transaction: every check and computation first, then the writes. */
  #commitOne(commit: Commit): CommitResult {
    if (commit.idempotency) {
      const existing = this.#idempotent(commit.idempotency.scope, commit.idempotency.keyHash);
      if (existing) return { ok: false, reason: 'idempotency-conflict', existing };
    }
    const head = this.#statement('SELECT seq, hash FROM events WHERE complaint_id = ? ORDER BY seq DESC LIMIT 1').get(commit.complaintId) as
      | Row
      | undefined;
    const version = head ? Number(head.seq) : 0;
    if (version !== commit.expectedVersion) {
      return { ok: false, reason: 'version-conflict', state: this.#state(commit.complaintId) };
    }
    const stored = chain(commit.complaintId, head ? { seq: version, hash: String(head.hash) } : null, commit.events);
    const state = stored.reduce<ComplaintState | null>(evolve, version ? this.#state(commit.complaintId) : null);
    if (!state) throw new Error('a commit must leave the complaint in a state');
    if (!version && this.#statement('SELECT 1 FROM complaints WHERE site_key = ? AND reference = ?').get(state.siteKey, state.reference)) {
      return { ok: false, reason: 'reference-taken' };
    }
    const outbox = commit.outbox?.(stored, state) ?? [];

    const insertEvent = this.#statement(
      `INSERT INTO events (complaint_id, seq, type, at, actor, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const event of stored) {
      insertEvent.run(
        event.complaintId,
        event.seq,
        event.type,
        event.at,
        JSON.stringify(event.actor),
        JSON.stringify(event.data),
        event.prevHash,
        event.hash,
      );
    }
    this.#project(state);
    for (const message of outbox) this.#enqueue(message);
    if (commit.idempotency) {
      const { scope, keyHash, requestHash, status, body } = commit.idempotency;
      this.#statement(
        `INSERT INTO idempotency_keys (scope, key_hash, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(scope, keyHash, requestHash, status, JSON.stringify(body), new Date().toISOString());
    }
    return { ok: true, state, events: stored, outbox };
  }

  async getComplaint(id: string): Promise<ComplaintState | null> {
    return this.#state(id);
  }

  async findByReference(siteKey: string, reference: string): Promise<ComplaintState | null> {
    const row = this.#statement('SELECT state FROM complaints WHERE site_key = ? AND reference = ?').get(siteKey, reference) as
      | Row
      | undefined;
    return row ? (JSON.parse(String(row.state)) as ComplaintState) : null;
  }

  async readEvents(complaintId: string): Promise<StoredEvent[]> {
    const rows = this.#statement('SELECT * FROM events WHERE complaint_id = ? ORDER BY seq').all(complaintId) as Row[];
    return rows.map(eventFromRow);
  }

  async findIdempotent(scope: string, keyHash: string): Promise<IdempotentAnswer | null> {
    return this.#idempotent(scope, keyHash);
  }

  async secret(name: string, create: () => string): Promise<string> {
    this.#db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING').run(name, create());
    const row = this.#db.prepare('SELECT value FROM secrets WHERE name = ?').get(name) as Row;
    return String(row.value);
  }

  async createApiKey(record: { id: string; siteKey: string; keyHash: string; label: string | null; createdAt: string }) {
    this.#db
      .prepare('INSERT INTO api_keys (id, site_key, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, record.siteKey, record.keyHash, record.label, record.createdAt);
  }

  async listApiKeys(siteKey: string): Promise<ApiKeyRecord[]> {
    const rows = this.#db
      .prepare('SELECT id, site_key, label, created_at, revoked_at FROM api_keys WHERE site_key = ? ORDER BY created_at')
      .all(siteKey) as Row[];
    return rows.map(apiKeyFromRow);
  }

  async findApiKey(keyHash: string): Promise<ApiKeyRecord | null> {
    const row = this.#statement('SELECT id, site_key, label, created_at, revoked_at FROM api_keys WHERE key_hash = ?').get(keyHash) as Row | undefined;
    return row ? apiKeyFromRow(row) : null;
  }

  async revokeApiKey(siteKey: string, id: string, at: string): Promise<{ key: ApiKeyRecord; revokedNow: boolean } | null> {
    const { changes } = this.#db.prepare('UPDATE api_keys SET revoked_at = ? WHERE site_key = ? AND id = ? AND revoked_at IS NULL').run(at, siteKey, id);
    const row = this.#db.prepare('SELECT id, site_key, label, created_at, revoked_at FROM api_keys WHERE site_key = ? AND id = ?').get(siteKey, id) as Row | undefined;
    return row ? { key: apiKeyFromRow(row), revokedNow: Number(changes) > 0 } : null;
  }

  async readEventsOf(complaintIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    const chains = new Map<string, StoredEvent[]>();
    const read = this.#statement('SELECT * FROM events WHERE complaint_id = ? ORDER BY seq');
    for (const id of new Set(complaintIds)) {
      const rows = read.all(id) as Row[];
      if (rows.length) chains.set(id, rows.map(eventFromRow));
    }
    return chains;
  }

  async changedAfter(siteKey: string, after: string, limit: number): Promise<ChangedComplaint[]> {
    const rows = this.#statement(
      'SELECT id, version, updated_at FROM complaints WHERE site_key = ? AND updated_at > ? ORDER BY updated_at, id LIMIT ?',
    ).all(siteKey, after, limit) as Row[];
    return rows.map(changedFromRow);
  }

  #idempotent(scope: string, keyHash: string): IdempotentAnswer | null {
    const row = this.#statement('SELECT request_hash, status, body FROM idempotency_keys WHERE scope = ? AND key_hash = ?').get(
      scope,
      keyHash,
    ) as Row | undefined;
    return row
      ? { requestHash: String(row.request_hash), status: Number(row.status), body: JSON.parse(String(row.body)) }
      : null;
  }

  #state(id: string): ComplaintState | null {
    const row = this.#statement('SELECT state FROM complaints WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(String(row.state)) as ComplaintState) : null;
  }

  #project(state: ComplaintState): void {
    writeProjection((sql) => this.#statement(sql), state);
  }

  #enqueue(message: OutboxMessage): void {
    this.#statement(
        `INSERT INTO outbox (id, site_key, complaint_id, event_seq, kind, recipient, payload, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        message.id,
        message.siteKey,
        message.complaintId,
        message.eventSeq,
        message.kind,
        JSON.stringify(message.recipient),
        JSON.stringify(message.payload),
        message.createdAt,
        message.createdAt,
      );
  }

  async dueForDeadlines(now: Date, limit: number): Promise<{ id: string; siteKey: string }[]> {
    const rows = this.#statement(
      `SELECT id, site_key FROM complaints WHERE next_deadline_at IS NOT NULL AND next_deadline_at <= ?
       ORDER BY next_deadline_at LIMIT ?`,
    ).all(now.toISOString(), limit) as Row[];
    return rows.map((r) => ({ id: String(r.id), siteKey: String(r.site_key) }));
  }

  async nextDeadline(): Promise<string | null> {
    const row = this.#statement('SELECT min(next_deadline_at) AS next FROM complaints').get() as Row;
    return row.next === null ? null : String(row.next);
  }

  async *eachEventChain(): AsyncIterable<StoredEvent[]> {
    const ids = this.#db
      .prepare('SELECT complaint_id FROM events WHERE seq = 1 ORDER BY id')
      .all() as Row[];
    for (const { complaint_id } of ids) yield this.readEvents(String(complaint_id));
  }

  async rebuildReadModel(): Promise<{ complaints: number; events: number }> {
    return this.#transaction(() => {
      this.#db.exec('DELETE FROM complaints');
      // whatever the index held (a VACUUM may have renumbered the rows it names), it starts empty
      this.#db.exec(`INSERT INTO complaints_search (complaints_search) VALUES ('delete-all')`);
      this.#db.exec('DELETE FROM search_pending');
      const rows = this.#db.prepare('SELECT * FROM events ORDER BY complaint_id, seq').all() as Row[];
      let state: ComplaintState | null = null;
      let complaints = 0;
      for (const row of rows) {
        const event = eventFromRow(row);
        if (event.seq === 1) {
          if (state) this.#project(state);
          state = null;
          complaints += 1;
        }
        state = evolve(state, event);
      }
      if (state) this.#project(state);
      this.#queue.catchUp();
      return { complaints, events: rows.length };
    });
  }

  async readModelSnapshot(): Promise<ProjectionRow[]> {
    const rows = this.#db.prepare('SELECT * FROM complaints ORDER BY id').all() as Row[];
    return rows.map(snapshotRow);
  }

  async putAttachment(a: NewAttachment): Promise<void> {
    this.#statement(
      `INSERT INTO attachments (site_key, id, content_type, size, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (site_key, id) DO NOTHING`,
    ).run(a.siteKey, a.id, a.contentType, a.bytes.length, a.bytes, a.createdAt);
  }

  async getAttachment(siteKey: string, id: string): Promise<{ contentType: string; bytes: Uint8Array } | null> {
    const row = this.#statement('SELECT content_type, bytes FROM attachments WHERE site_key = ? AND id = ?').get(siteKey, id) as Row | undefined;
    return row ? { contentType: String(row.content_type), bytes: row.bytes as Uint8Array } : null;
  }

  async missingAttachments(siteKey: string, ids: readonly string[]): Promise<string[]> {
    const has = this.#statement('SELECT 1 FROM attachments WHERE site_key = ? AND id = ?');
    return ids.filter((id) => !has.get(siteKey, id));
  }

  async listComplaints(query: ListQuery): Promise<ListPage> {
    // a text search sees every complaint: what the background has not indexed yet is indexed now
    if (query.text && this.#queue.behind()) this.#transaction(() => this.#queue.catchUp());
    return this.#queue.list(query);
  }

  /**
   * The background's share of keeping the search index up to date, a bounded batch at a time.
   * A write that fails here (a full disk) is tried again on the next round; a search in the
   * meantime catches up itself.
   */
  #indexInBackground(): void {
    if (!this.#db.isOpen || this.#pending.length || !this.#queue.behind()) return;
    try {
      this.#transaction(() => this.#queue.catchUp(SEARCH_BATCH));
    } catch {
      // nothing was written; the index stays behind until the next round succeeds
    }
  }

  async outboxMessages(filter: OutboxFilter = {}): Promise<StoredOutboxMessage[]> {
    const order = filter.newestFirst ? 'DESC' : 'ASC';
    const rows = this.#statement(
      `SELECT * FROM outbox WHERE (?1 IS NULL OR site_key = ?1) AND (?2 IS NULL OR complaint_id = ?2)
         AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR folded_into = ?4)
       ORDER BY created_at ${order}, complaint_id ${order}, event_seq ${order}, id ${order} LIMIT ?5`,
    ).all(filter.siteKey ?? null, filter.complaintId ?? null, filter.status ?? null, filter.foldedInto ?? null, filter.limit ?? -1) as Row[];
    return rows.map(outboxFromRow);
  }

  async getOutboxMessage(id: string): Promise<StoredOutboxMessage | null> {
    const row = this.#statement('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return row ? outboxFromRow(row) : null;
  }

  async claimOutbox(claim: OutboxClaim): Promise<StoredOutboxMessage[]> {
    // One statement: SQLite lets one writer at a time change the file, so no two claims overlap.
    const rows = this.#statement(
      `UPDATE outbox SET leased_by = ?1, leased_until = ?2
       WHERE id IN (
         SELECT id FROM outbox
         WHERE status = 'pending' AND folded_into IS NULL AND next_attempt_at <= ?3 AND (leased_until IS NULL OR leased_until <= ?3)
         ORDER BY next_attempt_at, created_at, id LIMIT ?4)
       RETURNING *`,
    ).all(claim.owner, claim.leaseUntil.toISOString(), claim.now.toISOString(), claim.limit) as Row[];
    return rows.map(outboxFromRow).sort(dueOrder);
  }

  async foldOutbox(into: string, ids: readonly string[], owner: string, now: Date): Promise<string[]> {
    if (!ids.length) return [];
    return this.#transaction(() => {
      const folded = (
        this.#statement(
          `UPDATE outbox SET folded_into = ?1, leased_by = NULL, leased_until = NULL
           WHERE id IN (SELECT value FROM json_each(?2)) AND id <> ?1 AND status = 'pending' AND folded_into IS NULL
             AND (leased_until IS NULL OR leased_until <= ?3 OR leased_by = ?4)
             AND EXISTS (SELECT 1 FROM outbox leader WHERE leader.id = ?1 AND leader.status = 'pending' AND leader.folded_into IS NULL
               AND (leader.leased_until IS NULL OR leader.leased_until <= ?3 OR leader.leased_by = ?4))
           RETURNING id`,
        ).all(into, JSON.stringify(ids), now.toISOString(), owner) as Row[]
      ).map((r) => String(r.id));
      // what was folded into those now travels with `into` as well
      if (folded.length) {
        this.#statement(`UPDATE outbox SET folded_into = ?1 WHERE folded_into IN (SELECT value FROM json_each(?2))`).run(into, JSON.stringify(folded));
      }
      return folded;
    });
  }

  async recordOutboxDelivery(id: string, channel: string): Promise<void> {
    this.#statement(
      `UPDATE outbox SET delivered_via = json_insert(delivered_via, '$[#]', ?2)
       WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM json_each(outbox.delivered_via) WHERE value = ?2)`,
    ).run(id, channel);
  }

  async markSent(id: string, at: Date): Promise<void> {
    this.#statement(
      `UPDATE outbox SET status = 'sent', sent_at = ?2, leased_by = NULL, leased_until = NULL
       WHERE (id = ?1 OR folded_into = ?1) AND status = 'pending'`,
    ).run(id, at.toISOString());
  }

  async markFailed(id: string, failure: OutboxFailure): Promise<void> {
    const dead = 'dead' in failure;
    this.#transaction(() => {
      this.#statement(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?2, status = ?3, next_attempt_at = ?4, leased_by = NULL, leased_until = NULL
         WHERE id = ?1 AND status = 'pending'`,
      ).run(id, failure.error, dead ? 'dead' : 'pending', dead ? failure.at.toISOString() : failure.nextAttemptAt.toISOString());
      if (dead) this.#statement(`UPDATE outbox SET status = 'dead' WHERE folded_into = ? AND status = 'pending'`).run(id);
    });
  }

  async postponeOutbox(id: string, until: Date, reason?: string): Promise<void> {
    this.#statement(
      `UPDATE outbox SET next_attempt_at = ?2, last_error = coalesce(?3, last_error), leased_by = NULL, leased_until = NULL
       WHERE id = ?1 AND status = 'pending'`,
    ).run(id, until.toISOString(), reason ?? null);
  }

  async retryDead(id: string, now: Date): Promise<StoredOutboxMessage | null> {
    return this.#transaction(() => {
      const row = this.#statement(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?2, folded_into = NULL, leased_by = NULL, leased_until = NULL
         WHERE id = ?1 AND status = 'dead' RETURNING *`,
      ).get(id, now.toISOString()) as Row | undefined;
      if (!row) return null;
      this.#statement(`UPDATE outbox SET status = 'pending', attempts = 0 WHERE folded_into = ? AND status = 'dead'`).run(id);
      return outboxFromRow(row);
    });
  }

  /** Runs `work` in one write transaction; an error rolls all of it back. */
  #transaction<T>(work: () => T): T {
    this.#run('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#run('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.isTransaction) this.#run('ROLLBACK');
      throw error;
    }
  }

  /** Statements are prepared once and kept: preparing is a parse of the SQL each time. */
  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string): void {
    this.#statement(sql).run();
  }
}

function apiKeyFromRow(r: Row): ApiKeyRecord {
  return {
    id: String(r.id),
    siteKey: String(r.site_key),
    label: r.label === null ? null : String(r.label),
    createdAt: String(r.created_at),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
  };
}
