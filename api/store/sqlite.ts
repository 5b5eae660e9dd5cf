import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StoredEvent } from '../contract/events.ts';
import { Site } from '../contract/site.ts';
import { evolve } from '../workflow/lifecycle.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { chain } from './chain.ts';
import { loadMigrations } from './migrations.ts';
import type { ApiKeyRecord, Commit, CommitResult, IdempotentAnswer, MigrationRecord, Store } from './store.ts';

type Row = Record<string, unknown>;

/** The embedded default: one SQLite file, one writer, durable on every commit. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = FULL;
      PRAGMA foreign_keys = ON;
      PRAGMA busy_timeout = 5000;
    `);
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
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      });
    }
    return (db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Row[]).map(
      (r) => ({ version: Number(r.version), name: String(r.name), appliedAt: String(r.applied_at) }),
    );
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  async putSite(site: Site, now: Date): Promise<void> {
    const at = now.toISOString();
    this.#db
      .prepare(
        `INSERT INTO sites (key, document, created_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
      )
      .run(site.key, JSON.stringify(site), at, at);
  }

  async getSite(key: string): Promise<Site | null> {
    const row = this.#db.prepare('SELECT document FROM sites WHERE key = ?').get(key) as Row | undefined;
    return row ? Site.parse(JSON.parse(String(row.document))) : null;
  }

  async listSites(): Promise<Site[]> {
    const rows = this.#db.prepare('SELECT document FROM sites ORDER BY key').all() as Row[];
    return rows.map((row) => Site.parse(JSON.parse(String(row.document))));
  }

  async commit(commit: Commit): Promise<CommitResult> {
    const db = this.#db;
    return this.#transaction((): CommitResult => {
      if (commit.idempotency) {
        const existing = this.#idempotent(commit.idempotency.scope, commit.idempotency.keyHash);
        if (existing) return { ok: false, reason: 'idempotency-conflict', existing };
      }
      const head = db
        .prepare('SELECT seq, hash FROM events WHERE complaint_id = ? ORDER BY seq DESC LIMIT 1')
        .get(commit.complaintId) as Row | undefined;
      const version = head ? Number(head.seq) : 0;
      if (version !== commit.expectedVersion) {
        return { ok: false, reason: 'version-conflict', state: this.#state(commit.complaintId) };
      }
      const stored = chain(commit.complaintId, head ? { seq: version, hash: String(head.hash) } : null, commit.events);
      let state = version ? this.#state(commit.complaintId) : null;
      const insertEvent = db.prepare(
        `INSERT INTO events (complaint_id, seq, type, at, actor, data, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
        state = evolve(state, event);
      }
      if (!state) throw new Error('a commit must leave the complaint in a state');
      if (!version) {
        const taken = db
          .prepare('SELECT 1 FROM complaints WHERE site_key = ? AND reference = ?')
          .get(state.siteKey, state.reference);
        if (taken) throw new ReferenceTaken();
      }
      this.#project(state);
      if (commit.idempotency) {
        const { scope, keyHash, requestHash, status, body } = commit.idempotency;
        db.prepare(
          `INSERT INTO idempotency_keys (scope, key_hash, request_hash, status, body, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(scope, keyHash, requestHash, status, JSON.stringify(body), new Date().toISOString());
      }
      return { ok: true, state, events: stored };
    }, (error) => (error instanceof ReferenceTaken ? { ok: false, reason: 'reference-taken' } : undefined));
  }

  async getComplaint(id: string): Promise<ComplaintState | null> {
    return this.#state(id);
  }

  async findByReference(siteKey: string, reference: string): Promise<ComplaintState | null> {
    const row = this.#db
      .prepare('SELECT state FROM complaints WHERE site_key = ? AND reference = ?')
      .get(siteKey, reference) as Row | undefined;
    return row ? (JSON.parse(String(row.state)) as ComplaintState) : null;
  }

  async readEvents(complaintId: string): Promise<StoredEvent[]> {
    const rows = this.#db
      .prepare('SELECT * FROM events WHERE complaint_id = ? ORDER BY seq')
      .all(complaintId) as Row[];
    return rows.map(toEvent);
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
    return rows.map((r) => ({
      id: String(r.id),
      siteKey: String(r.site_key),
      label: r.label === null ? null : String(r.label),
      createdAt: String(r.created_at),
      revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
    }));
  }

  #idempotent(scope: string, keyHash: string): IdempotentAnswer | null {
    const row = this.#db
      .prepare('SELECT request_hash, status, body FROM idempotency_keys WHERE scope = ? AND key_hash = ?')
      .get(scope, keyHash) as Row | undefined;
    return row
      ? { requestHash: String(row.request_hash), status: Number(row.status), body: JSON.parse(String(row.body)) }
      : null;
  }

  #state(id: string): ComplaintState | null {
    const row = this.#db.prepare('SELECT state FROM complaints WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(String(row.state)) as ComplaintState) : null;
  }

  #project(state: ComplaintState): void {
    this.#db
      .prepare(
        `INSERT INTO complaints (id, site_key, reference, status, category, department, priority, channel,
                                 registered_at, updated_at, version, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, category = excluded.category,
           department = excluded.department, priority = excluded.priority, updated_at = excluded.updated_at,
           version = excluded.version, state = excluded.state`,
      )
      .run(
        state.id,
        state.siteKey,
        state.reference,
        state.status,
        state.category,
        state.department,
        state.priority,
        state.channel,
        state.registeredAt,
        state.updatedAt,
        state.version,
        JSON.stringify(state),
      );
  }

  /**
   * Runs `work` in one write transaction. Refusals return before anything is written; an error
   * rolls everything back, and `onError` may turn it into an answer.
   */
  #transaction<T>(work: () => T, onError?: (error: unknown) => T | undefined): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      const answer = onError?.(error);
      if (answer !== undefined) return answer;
      throw error;
    }
  }
}

class ReferenceTaken extends Error {}

function toEvent(row: Row): StoredEvent {
  return {
    complaintId: String(row.complaint_id),
    seq: Number(row.seq),
    type: String(row.type),
    at: String(row.at),
    actor: JSON.parse(String(row.actor)),
    data: JSON.parse(String(row.data)),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  } as StoredEvent;
}
