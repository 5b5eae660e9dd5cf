import type { NewEvent, StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import type { ComplaintState } from '../workflow/state.ts';

/** A remembered answer to a request that carried an Idempotency-Key. */
export interface IdempotentAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

export interface IdempotencyClaim extends IdempotentAnswer {
  scope: string;
  keyHash: string;
}

export interface Commit {
  complaintId: string;
  /** the version the command was decided on; another writer in between makes the commit fail */
  expectedVersion: number;
  events: readonly NewEvent[];
  /** remembered in the same transaction, so a replay finds the answer exactly when the events exist */
  idempotency?: IdempotencyClaim;
}

export type CommitResult =
  | { ok: true; state: ComplaintState; events: StoredEvent[] }
  | { ok: false; reason: 'version-conflict'; state: ComplaintState | null }
  | { ok: false; reason: 'idempotency-conflict'; existing: IdempotentAnswer }
  | { ok: false; reason: 'reference-taken' };

export interface ApiKeyRecord {
  id: string;
  siteKey: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface MigrationRecord {
  version: number;
  name: string;
  appliedAt: string;
}

/**
 * Everything the server keeps. Each implementation writes events, the read model and the
 * idempotency record of one command in a single transaction.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<MigrationRecord[]>;
  close(): Promise<void>;

  putSite(site: Site, now: Date): Promise<void>;
  getSite(key: string): Promise<Site | null>;
  listSites(): Promise<Site[]>;

  commit(commit: Commit): Promise<CommitResult>;
  getComplaint(id: string): Promise<ComplaintState | null>;
  findByReference(siteKey: string, reference: string): Promise<ComplaintState | null>;
  readEvents(complaintId: string): Promise<StoredEvent[]>;

  findIdempotent(scope: string, keyHash: string): Promise<IdempotentAnswer | null>;

  /** a named server secret, created on first use and kept from then on */
  secret(name: string, create: () => string): Promise<string>;

  createApiKey(record: { id: string; siteKey: string; keyHash: string; label: string | null; createdAt: string }): Promise<void>;
  listApiKeys(siteKey: string): Promise<ApiKeyRecord[]>;
}
