import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { StoredEvent } from '../contract/events.ts';
import { Site } from '../contract/site.ts';
import { evolve } from '../workflow/evolve.ts';
import type { ComplaintState } from '../workflow/state.ts';
import { chain } from './chain.ts';
import { loadMigrations } from './migrations.ts';
import { listPostgres, project, reprojectAll } from './postgres-queue.ts';
import { CHANGES_CHANNEL_SQL, noticeOf } from './postgres-changes.ts';
import { PostgresStaffStore } from './postgres-staff.ts';
import { PostgresChannelStore } from './postgres-channels.ts';
import { inTransaction } from './postgres-transaction.ts';
import { type Row, changedFromRow, eventFromRow, outboxFromRow } from './rows.ts';
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

type Db = pg.Pool | pg.PoolClient;

/** How many complaints a rebuild or a walk through every chain reads at a time. */
const PAGE = 500;
/** how long a kept site is trusted before its revision is looked at again */
const SITE_RECHECK_MS = 1000;
/** the migration that adds the queue's columns, which only projectionRow can fill */
const QUEUE_MIGRATION = 4;

/** The shared server: many connections, each transaction READ COMMITTED, conflicts settled by unique keys. */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly staff: PostgresStaffStore;
  readonly channels: PostgresChannelStore;
  /** host, port and database, without credentials: for saying which server is meant */
  readonly where: string;
  readonly schema: string | undefined;
  /** stamped on the change notices this store's commits send, so a process can tell its own */
  readonly origin = randomUUID();
  readonly #connection: pg.ClientConfig;
  readonly #pool: pg.Pool;
  readonly #sites = new Map<string, { revision: number; site: Site; checkedAt: number }>();
  #closed = false;

  constructor(url: string, options: { schema?: string; poolSize?: number } = {}) {
    this.where = serverOf(url);
    this.schema = options.schema;
    this.#connection = connection(url, options.schema);
    this.#pool = new pg.Pool({
      ...this.#connection,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
    });
    // A pooled connection that dies while idle is dropped by the pool; the next query opens another.
    this.#pool.on('error', () => {});
    this.staff = new PostgresStaffStore(this.#pool);
    this.channels = new PostgresChannelStore(this.#pool);
  }

  async migrate(): Promise<MigrationRecord[]> {
    if (this.schema) {
      // Two servers starting together must not both create the schema.
      await this.#transaction(async (db) => {
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('complaint-desk:create-schema'))`);
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema!)}`);
      });
    }
    for (const migration of loadMigrations('postgres')) {
      await this.#transaction(async (db) => {
        // Held to the end of the transaction, so a second server waits and then finds the migration applied.
        await db.query(`SELECT pg_advisory_xact_lock(hashtext('complaint-desk:migrate:' || coalesce(current_schema(), '')))`);
        await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
        const applied = await db.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
        if (applied.rowCount) return;
        await db.query(migration.sql);
        if (migration.version === QUEUE_MIGRATION) await reprojectAll(db);
        await db.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, new Date().toISOString()],
        );
      });
    }
    const rows = await this.#rows('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    return rows.map((r) => ({ version: Number(r.version), name: String(r.name), appliedAt: String(r.applied_at) }));
  }

  /**
   * A connection of its own, outside the pool, to the same database and schema: for LISTEN,
   * which holds its connection for as long as it listens. The caller connects and ends it; the
   * application name shows in pg_stat_activity.
   */
  listenClient(applicationName: string): pg.Client {
    return new pg.Client({ ...this.#connection, application_name: applicationName, keepAlive: true, connectionTimeoutMillis: 10_000 });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  async putSite(site: Site, now: Date): Promise<void> {
    const at = now.toISOString();
    await this.#pool.query(
      `INSERT INTO sites (key, document, created_at, updated_at) VALUES ($1, $2, $3, $3)
       ON CONFLICT (key) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at,
         revision = sites.revision + 1`,
      [site.key, JSON.stringify(site), at],
    );
    this.#sites.delete(site.key);
  }

  async replaceSite(site: Site, now: Date, unchanged: (current: Site) => boolean): Promise<boolean> {
    const replaced = await this.#transaction(async (db) => {
      const [row] = await this.#rows('SELECT document FROM sites WHERE key = $1 FOR UPDATE', [site.key], db);
      if (!row || !unchanged(Site.parse(typeof row.document === 'string' ? JSON.parse(row.document) : row.document))) return false;
      await db.query('UPDATE sites SET document = $2, updated_at = $3, revision = revision + 1 WHERE key = $1', [site.key, JSON.stringify(site), now.toISOString()]);
      return true;
    });
    this.#sites.delete(site.key);
    return replaced;
  }

  async getSite(key: string): Promise<Site | null> {
    // The same revision is the same site object: callers may key caches on it. A change made by
    // another process is seen within SITE_RECHECK_MS.
    const cached = this.#sites.get(key);
    const now = Date.now();
    if (cached && now - cached.checkedAt < SITE_RECHECK_MS) return cached.site;
    const [current] = await this.#rows('SELECT revision FROM sites WHERE key = $1', [key]);
    if (!current) {
      this.#sites.delete(key);
      return null;
    }
    const revision = Number(current.revision);
    if (cached?.revision === revision) {
      cached.checkedAt = now;
      return cached.site;
    }
    const [row] = await this.#rows('SELECT document::text AS document FROM sites WHERE key = $1', [key]);
    if (!row) return null;
    const site = Site.parse(JSON.parse(String(row.document)));
    this.#sites.set(key, { revision, site, checkedAt: now });
    return site;
  }

  async listSites(): Promise<Site[]> {
    const rows = await this.#rows('SELECT document FROM sites ORDER BY key');
    return rows.map((row) => Site.parse(row.document));
  }

  async commit(commit: Commit): Promise<CommitResult> {
    try {
      return await this.#transaction(async (db): Promise<CommitResult> => {
        if (commit.idempotency) {
          const existing = await this.#idempotent(db, commit.idempotency.scope, commit.idempotency.keyHash);
          if (existing) throw new Refusal({ ok: false, reason: 'idempotency-conflict', existing });
          // Claimed first: a simultaneous request with the same key waits here, then finds the answer.
          const { scope, keyHash, requestHash, status, body } = commit.idempotency;
          await db.query(
            `INSERT INTO idempotency_keys (scope, key_hash, request_hash, status, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [scope, keyHash, requestHash, status, JSON.stringify(body), new Date().toISOString()],
          );
        }
        // Head and state in one statement, so both come from the same snapshot.
        const [head] = await this.#rows(
          `SELECT e.seq, e.hash, c.state FROM
             (SELECT seq, hash FROM events WHERE complaint_id = $1 ORDER BY seq DESC LIMIT 1) e
             LEFT JOIN complaints c ON c.id = $1`,
          [commit.complaintId],
          db,
        );
        const version = head ? Number(head.seq) : 0;
        if (version !== commit.expectedVersion) {
          throw new Refusal({ ok: false, reason: 'version-conflict', state: (head?.state as ComplaintState | null) ?? null });
        }
        const stored = chain(commit.complaintId, head ? { seq: version, hash: String(head.hash) } : null, commit.events);
        let state = (head?.state as ComplaintState | null | undefined) ?? null;
        for (const e of stored) {
          await db.query(
            `INSERT INTO events (complaint_id, seq, type, at, actor, data, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [e.complaintId, e.seq, e.type, e.at, JSON.stringify(e.actor), JSON.stringify(e.data), e.prevHash, e.hash],
          );
          state = evolve(state, e);
        }
        if (!state) throw new Error('a commit must leave the complaint in a state');
        // A reference already used on the site surfaces here, as a unique violation.
        await project(db, state);
        const outbox = commit.outbox?.(stored, state) ?? [];
        for (const message of outbox) await enqueue(db, message);
        // delivered to the listening server processes when (and only if) this transaction commits
        await db.query(`SELECT pg_notify(${CHANGES_CHANNEL_SQL}, $1)`, [JSON.stringify(noticeOf(state, this.origin))]);
        return { ok: true, state, events: stored, outbox };
      });
    } catch (error) {
      if (error instanceof Refusal) return error.answer;
      // Races lost to another writer, told apart by the unique key that stopped this one.
      switch (uniqueViolation(error)) {
        case 'events_complaint_seq':
          return { ok: false, reason: 'version-conflict', state: await this.getComplaint(commit.complaintId) };
        case 'complaints_site_reference':
          return { ok: false, reason: 'reference-taken' };
        case 'idempotency_keys_claim': {
          const claim = commit.idempotency!;
          const existing = await this.#idempotent(this.#pool, claim.scope, claim.keyHash);
          if (existing) return { ok: false, reason: 'idempotency-conflict', existing };
        }
      }
      throw error;
    }
  }

  async getComplaint(id: string): Promise<ComplaintState | null> {
    const [row] = await this.#rows('SELECT state FROM complaints WHERE id = $1', [id]);
    return row ? (row.state as ComplaintState) : null;
  }

  async findByReference(siteKey: string, reference: string): Promise<ComplaintState | null> {
    const [row] = await this.#rows('SELECT state FROM complaints WHERE site_key = $1 AND reference = $2', [siteKey, reference]);
    return row ? (row.state as ComplaintState) : null;
  }

  async readEvents(complaintId: string): Promise<StoredEvent[]> {
    const chains = await readChains(this.#pool, [complaintId]);
    return chains.get(complaintId) ?? [];
  }

  async findIdempotent(scope: string, keyHash: string): Promise<IdempotentAnswer | null> {
    return this.#idempotent(this.#pool, scope, keyHash);
  }

  async secret(name: string, create: () => string): Promise<string> {
    await this.#pool.query('INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, create()]);
    const [row] = await this.#rows('SELECT value FROM secrets WHERE name = $1', [name]);
    return String(row!.value);
  }

  async createApiKey(record: { id: string; siteKey: string; keyHash: string; label: string | null; createdAt: string }) {
    const { id, siteKey, keyHash, label, createdAt } = record;
    await this.#pool.query(
      'INSERT INTO api_keys (id, site_key, key_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, siteKey, keyHash, label, createdAt],
    );
  }

  async listApiKeys(siteKey: string): Promise<ApiKeyRecord[]> {
    const rows = await this.#rows(
      'SELECT id, site_key, label, created_at, revoked_at FROM api_keys WHERE site_key = $1 ORDER BY created_at, id',
      [siteKey],
    );
    return rows.map(apiKeyFromRow);
  }

  async findApiKey(keyHash: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.#rows('SELECT id, site_key, label, created_at, revoked_at FROM api_keys WHERE key_hash = $1', [keyHash]);
    return row ? apiKeyFromRow(row) : null;
  }

  async revokeApiKey(siteKey: string, id: string, at: string): Promise<{ key: ApiKeyRecord; revokedNow: boolean } | null> {
    const [revoked] = await this.#rows(
      `UPDATE api_keys SET revoked_at = $1 WHERE site_key = $2 AND id = $3 AND revoked_at IS NULL
       RETURNING id, site_key, label, created_at, revoked_at`,
      [at, siteKey, id],
    );
    if (revoked) return { key: apiKeyFromRow(revoked), revokedNow: true };
    const [row] = await this.#rows('SELECT id, site_key, label, created_at, revoked_at FROM api_keys WHERE site_key = $1 AND id = $2', [siteKey, id]);
    return row ? { key: apiKeyFromRow(row), revokedNow: false } : null;
  }

  async readEventsOf(complaintIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    return complaintIds.length ? readChains(this.#pool, [...new Set(complaintIds)]) : new Map();
  }

  async changedAfter(siteKey: string, after: string, limit: number): Promise<ChangedComplaint[]> {
    const rows = await this.#rows(
      'SELECT id, version, updated_at FROM complaints WHERE site_key = $1 AND updated_at > $2 ORDER BY updated_at, id LIMIT $3',
      [siteKey, after, limit],
    );
    return rows.map(changedFromRow);
  }

  async dueForDeadlines(now: Date, limit: number): Promise<{ id: string; siteKey: string }[]> {
    const rows = await this.#rows(
      `SELECT id, site_key FROM complaints WHERE next_deadline_at IS NOT NULL AND next_deadline_at <= $1
       ORDER BY next_deadline_at LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map((r) => ({ id: String(r.id), siteKey: String(r.site_key) }));
  }

  async nextDeadline(): Promise<string | null> {
    const [row] = await this.#rows('SELECT min(next_deadline_at) AS next FROM complaints');
    return row?.next === null || row?.next === undefined ? null : String(row.next);
  }

  async *eachEventChain(): AsyncIterable<StoredEvent[]> {
    for await (const ids of chainStarts(this.#pool)) {
      const chains = await readChains(this.#pool, ids);
      for (const id of ids) yield chains.get(id) ?? [];
    }
  }

  async rebuildReadModel(): Promise<{ complaints: number; events: number }> {
    return this.#transaction(async (db) => {
      // Writers wait while the read model is rebuilt; readers go on seeing the old one until it commits.
      await db.query('LOCK TABLE complaints IN EXCLUSIVE MODE');
      await db.query('DELETE FROM complaints');
      let complaints = 0;
      let events = 0;
      for await (const ids of chainStarts(db)) {
        const chains = await readChains(db, ids);
        for (const id of ids) {
          const chain = chains.get(id) ?? [];
          const state = chain.reduce<ComplaintState | null>(evolve, null);
          if (state) await project(db, state);
          complaints += 1;
          events += chain.length;
        }
      }
      return { complaints, events };
    });
  }

  async readModelSnapshot(): Promise<ProjectionRow[]> {
    const rows = await this.#rows(
      `SELECT id, site_key, reference, status, category, department, assignee, priority, channel,
              registered_at, updated_at, version, next_deadline_at, due_at, stage, breached,
              search_text, search_identity, state
       FROM complaints ORDER BY id`,
    );
    return rows.map((row) => ({ ...row, version: Number(row.version) }) as unknown as ProjectionRow);
  }

  async putAttachment(a: NewAttachment): Promise<void> {
    await this.#pool.query(
      `INSERT INTO attachments (site_key, id, content_type, size, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (site_key, id) DO NOTHING`,
      [a.siteKey, a.id, a.contentType, a.bytes.length, Buffer.from(a.bytes), a.createdAt],
    );
  }

  async getAttachment(siteKey: string, id: string): Promise<{ contentType: string; bytes: Uint8Array } | null> {
    const [row] = await this.#rows('SELECT content_type, bytes FROM attachments WHERE site_key = $1 AND id = $2', [siteKey, id]);
    return row ? { contentType: String(row.content_type), bytes: new Uint8Array(row.bytes as Buffer) } : null;
  }

  async missingAttachments(siteKey: string, ids: readonly string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.#rows('SELECT id FROM attachments WHERE site_key = $1 AND id = ANY($2)', [siteKey, [...ids]]);
    const found = new Set(rows.map((r) => String(r.id)));
    return ids.filter((id) => !found.has(id));
  }

  async listComplaints(query: ListQuery): Promise<ListPage> {
    return listPostgres(this.#pool, query);
  }

  async outboxMessages(filter: OutboxFilter = {}): Promise<StoredOutboxMessage[]> {
    const order = filter.newestFirst ? 'DESC' : 'ASC';
    const rows = await this.#rows(
      `SELECT * FROM outbox WHERE ($1::text IS NULL OR site_key = $1) AND ($2::text IS NULL OR complaint_id = $2)
         AND ($3::text IS NULL OR status = $3) AND ($4::text IS NULL OR folded_into = $4)
       ORDER BY created_at ${order}, complaint_id ${order} NULLS FIRST, event_seq ${order} NULLS FIRST, id ${order} LIMIT $5`,
      [filter.siteKey ?? null, filter.complaintId ?? null, filter.status ?? null, filter.foldedInto ?? null, filter.limit ?? null],
    );
    return rows.map(outboxFromRow);
  }

  async getOutboxMessage(id: string): Promise<StoredOutboxMessage | null> {
    const [row] = await this.#rows('SELECT * FROM outbox WHERE id = $1', [id]);
    return row ? outboxFromRow(row) : null;
  }

  async claimOutbox(claim: OutboxClaim): Promise<StoredOutboxMessage[]> {
    // Rows another claimer is taking at this moment are skipped, not waited for.
    const rows = await this.#rows(
      `WITH due AS (
         SELECT id FROM outbox
         WHERE status = 'pending' AND folded_into IS NULL AND next_attempt_at <= $3 AND (leased_until IS NULL OR leased_until <= $3)
         ORDER BY next_attempt_at, created_at, id LIMIT $4
         FOR UPDATE SKIP LOCKED)
       UPDATE outbox SET leased_by = $1, leased_until = $2 FROM due WHERE outbox.id = due.id
       RETURNING outbox.*`,
      [claim.owner, claim.leaseUntil.toISOString(), claim.now.toISOString(), claim.limit],
    );
    return rows.map(outboxFromRow).sort(dueOrder);
  }

  async foldOutbox(into: string, ids: readonly string[], owner: string, now: Date): Promise<string[]> {
    if (!ids.length) return [];
    return this.#transaction(async (db) => {
      // the leader is locked first, so it cannot be sent or folded away meanwhile
      const [leader] = await this.#rows(
        `SELECT 1 FROM outbox WHERE id = $1 AND status = 'pending' AND folded_into IS NULL
           AND (leased_until IS NULL OR leased_until <= $2 OR leased_by = $3) FOR UPDATE`,
        [into, now.toISOString(), owner],
        db,
      );
      if (!leader) return [];
      const folded = (
        await this.#rows(
          `UPDATE outbox SET folded_into = $1, leased_by = NULL, leased_until = NULL
           WHERE id = ANY($2) AND id <> $1 AND status = 'pending' AND folded_into IS NULL
             AND (leased_until IS NULL OR leased_until <= $3 OR leased_by = $4)
           RETURNING id`,
          [into, [...ids], now.toISOString(), owner],
          db,
        )
      ).map((r) => String(r.id));
      // what was folded into those now travels with `into` as well
      if (folded.length) await db.query('UPDATE outbox SET folded_into = $1 WHERE folded_into = ANY($2)', [into, folded]);
      return folded;
    });
  }

  async recordOutboxDelivery(id: string, channel: string): Promise<void> {
    await this.#pool.query(
      `UPDATE outbox SET delivered_via = delivered_via || jsonb_build_array($2::text)
       WHERE id = $1 AND NOT delivered_via @> jsonb_build_array($2::text)`,
      [id, channel],
    );
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.#pool.query(
      `UPDATE outbox SET status = 'sent', sent_at = $2, leased_by = NULL, leased_until = NULL
       WHERE (id = $1 OR folded_into = $1) AND status = 'pending'`,
      [id, at.toISOString()],
    );
  }

  async markFailed(id: string, failure: OutboxFailure): Promise<void> {
    const dead = 'dead' in failure;
    await this.#transaction(async (db) => {
      await db.query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2, status = $3, next_attempt_at = $4, leased_by = NULL, leased_until = NULL
         WHERE id = $1 AND status = 'pending'`,
        [id, failure.error, dead ? 'dead' : 'pending', dead ? failure.at.toISOString() : failure.nextAttemptAt.toISOString()],
      );
      if (dead) await db.query(`UPDATE outbox SET status = 'dead' WHERE folded_into = $1 AND status = 'pending'`, [id]);
    });
  }

  async postponeOutbox(id: string, until: Date, reason?: string): Promise<void> {
    await this.#pool.query(
      `UPDATE outbox SET next_attempt_at = $2, last_error = coalesce($3, last_error), leased_by = NULL, leased_until = NULL
       WHERE id = $1 AND status = 'pending'`,
      [id, until.toISOString(), reason ?? null],
    );
  }

  async retryDead(id: string, now: Date): Promise<StoredOutboxMessage | null> {
    return this.#transaction(async (db) => {
      const [row] = await this.#rows(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2, folded_into = NULL, leased_by = NULL, leased_until = NULL
         WHERE id = $1 AND status = 'dead' RETURNING *`,
        [id, now.toISOString()],
        db,
      );
      if (!row) return null;
      await db.query(`UPDATE outbox SET status = 'pending', attempts = 0 WHERE folded_into = $1 AND status = 'dead'`, [id]);
      return outboxFromRow(row);
    });
  }

  async #idempotent(db: Db, scope: string, keyHash: string): Promise<IdempotentAnswer | null> {
    const [row] = await this.#rows(
      'SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key_hash = $2',
      [scope, keyHash],
      db,
    );
    return row ? { requestHash: String(row.request_hash), status: Number(row.status), body: row.body } : null;
  }

  async #rows(sql: string, params: unknown[] = [], db: Db = this.#pool): Promise<Row[]> {
    return (await db.query<Row>(sql, params)).rows;
  }

  #transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, work);
  }
}

/** A refusal decided inside a commit: the transaction is rolled back and this is the answer. */
class Refusal extends Error {
  readonly answer: CommitResult;

  constructor(answer: CommitResult) {
    super(answer.ok ? 'committed' : answer.reason);
    this.answer = answer;
  }
}

async function enqueue(db: Db, message: OutboxMessage): Promise<void> {
  await db.query(
    `INSERT INTO outbox (id, site_key, complaint_id, event_seq, kind, recipient, payload, next_attempt_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [message.id, message.siteKey, message.complaintId, message.eventSeq, message.kind,
      JSON.stringify(message.recipient), JSON.stringify(message.payload), message.createdAt],
  );
}

/** The ids of complaints in the order they were created, a page at a time. */
async function* chainStarts(db: Db): AsyncIterable<string[]> {
  let after = '0';
  for (;;) {
    const { rows } = await db.query<{ id: string; complaint_id: string }>(
      'SELECT id, complaint_id FROM events WHERE seq = 1 AND id > $1 ORDER BY id LIMIT $2',
      [after, PAGE],
    );
    if (!rows.length) return;
    yield rows.map((r) => r.complaint_id);
    after = rows.at(-1)!.id;
  }
}

/** The events of the given complaints, each chain in order. */
function apiKeyFromRow(r: Row): ApiKeyRecord {
  return {
    id: String(r.id),
    siteKey: String(r.site_key),
    label: r.label === null ? null : String(r.label),
    createdAt: String(r.created_at),
    revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
  };
}

async function readChains(db: Db, ids: readonly string[]): Promise<Map<string, StoredEvent[]>> {
  const { rows } = await db.query<Row>('SELECT * FROM events WHERE complaint_id = ANY($1) ORDER BY complaint_id, seq', [ids]);
  const chains = new Map<string, StoredEvent[]>();
  for (const row of rows) {
    const event = eventFromRow(row);
    const list = chains.get(event.complaintId);
    if (list) list.push(event);
    else chains.set(event.complaintId, [event]);
  }
  return chains;
}


/** The name of the unique key an error broke, or undefined for any other error. */
function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: unknown; constraint?: unknown };
  return e?.code === '23505' && typeof e.constraint === 'string' ? e.constraint : undefined;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The pool's connection settings. With a schema, every connection starts with it as its only
 * search path; an `options` the URL already carries is kept, since the URL's would replace ours.
 */
function connection(url: string, schema: string | undefined): pg.PoolConfig {
  if (!schema) return { connectionString: url };
  // The server splits `options` at spaces; a backslash keeps one inside the name.
  const searchPath = `-c search_path=${quoteIdent(schema).replace(/[\\\s]/g, '\\$&')}`;
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  if (own === null) return { connectionString: url, options: searchPath };
  parsed.searchParams.set('options', `${own} ${searchPath}`);
  return { connectionString: parsed.toString() };
}

/** `host:port/database` of a connection URL, never its user or password. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.searchParams.get('host') ?? (decodeURIComponent(parsed.hostname) || 'localhost');
    return `${host}:${parsed.port || '5432'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}
