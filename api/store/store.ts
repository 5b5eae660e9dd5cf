import type { Channel, ComplaintStatus } from '../contract/complaint.ts';
import type { ClockStage, NewEvent, StoredEvent } from '../contract/events.ts';
import type { Priority, Site } from '../contract/site.ts';
import type { QueueSort } from '../contract/staff.ts';
import type { StaffStore } from './staff-store.ts';
import type { ChannelStore } from './channel-store.ts';
import type { ComplaintState } from '../workflow/state.ts';
import type { ProjectionRow } from './projection.ts';

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

/**
 * Someone to tell: the complainant by their chosen means, or a member of staff by role or name.
 * A complainant who left no address but follows the complaint with push messages is reached as
 * `push`, the address being the complaint's id.
 */
export type Recipient =
  | { kind: 'complainant'; channel: 'email' | 'phone' | 'push'; address: string }
  | { kind: 'staff'; who: string };

/** A message to send, queued in the same transaction as the event that causes it. */
export interface OutboxMessage {
  id: string;
  siteKey: string;
  complaintId: string;
  /** the event it tells of, by its number in the complaint's chain */
  eventSeq: number;
  kind: string;
  recipient: Recipient;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface StoredOutboxMessage extends OutboxMessage {
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  /** while a dispatcher holds it: until when (after that, another may take it over) */
  leasedUntil: string | null;
  /** the message whose delivery carries this one too (throttling, digests); it follows that one's fate */
  foldedInto: string | null;
  /** the channels that have delivered it so far; a retry skips them */
  deliveredVia: string[];
}

export type OutboxStatus = StoredOutboxMessage['status'];

export interface OutboxFilter {
  siteKey?: string;
  complaintId?: string;
  status?: OutboxStatus;
  /** the messages folded into this one */
  foldedInto?: string;
  /** newest first instead of oldest first */
  newestFirst?: boolean;
  limit?: number;
}

/** A dispatcher's claim on due messages: they are its own until `leaseUntil`. */
export interface OutboxClaim {
  /** who claims: one id per dispatcher */
  owner: string;
  now: Date;
  limit: number;
  leaseUntil: Date;
}

/** A failed attempt: tried again at `nextAttemptAt`, or given up on (`dead`). */
export type OutboxFailure = { error: string; at: Date } & ({ nextAttemptAt: Date } | { dead: true });

export interface Commit {
  complaintId: string;
  /** the version the command was decided on; another writer in between makes the commit fail */
  expectedVersion: number;
  events: readonly NewEvent[];
  /**
   * Messages for the new events, given their numbers once they are chained (the first new
   * event is number `expectedVersion + 1`).
   */
  outbox?: (stored: readonly StoredEvent[], state: ComplaintState) => OutboxMessage[];
  /** remembered in the same transaction, so a replay finds the answer exactly when the events exist */
  idempotency?: IdempotencyClaim;
}

export type CommitResult =
  | { ok: true; state: ComplaintState; events: StoredEvent[]; outbox: OutboxMessage[] }
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

/**
 * A page of one site's queue. Every filter narrows; the API layer has already limited it to
 * what the caller may see (a handler's departments, say).
 */
export interface ListQuery {
  siteKey: string;
  statuses?: ComplaintStatus[];
  /** the stage whose clock runs now (the running clock due soonest) */
  stages?: ClockStage[];
  categories?: string[];
  departments?: string[];
  priorities?: Priority[];
  channels?: Channel[];
  assignee?: string;
  /** true: a deadline has passed (or was breached); false: none has */
  overdue?: boolean;
  /** a running deadline falls at or before this instant */
  dueBefore?: string;
  registeredFrom?: string;
  registeredTo?: string;
  /** changed (any event) at or after this instant */
  updatedFrom?: string;
  /** words from the description, place, reference, answers and the named subject; any language */
  text?: string;
  /** also search the complainant's name, phone and email (only for roles that may see them) */
  textIncludesIdentity?: boolean;
  sort: QueueSort;
  limit: number;
  /** opaque, from the previous page */
  cursor?: string;
  /** what "overdue" is measured against */
  now: string;
}

export interface ListPage {
  items: ComplaintState[];
  nextCursor: string | null;
  /** how many match the whole query (all pages) */
  total: number;
  /** of those, how many are overdue now */
  overdue: number;
  /** the query without its status filter, counted per status: the numbers on a queue's tabs */
  byStatus: Partial<Record<ComplaintStatus, number>>;
}

export interface NewAttachment {
  siteKey: string;
  /** SHA-256 of the bytes, hex */
  id: string;
  contentType: string;
  bytes: Uint8Array;
  createdAt: string;
}

/** A complaint as a live stream announces it: its id, version and the time of its last change. */
export interface ChangedComplaint {
  complaintId: string;
  version: number;
  at: string;
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
  /** staff accounts, sessions, tokens and the audit log */
  readonly staff: StaffStore;
  /** push subscriptions, webhooks and their delivery log */
  readonly channels: ChannelStore;
  migrate(): Promise<MigrationRecord[]>;
  close(): Promise<void>;

  putSite(site: Site, now: Date): Promise<void>;
  /**
   * Replaces a site's configuration only if `unchanged` holds for the one stored now, read and
   * written in one transaction (no other writer between): false, and nothing written, if not.
   */
  replaceSite(site: Site, now: Date, unchanged: (current: Site) => boolean): Promise<boolean>;
  getSite(key: string): Promise<Site | null>;
  listSites(): Promise<Site[]>;

  commit(commit: Commit): Promise<CommitResult>;
  getComplaint(id: string): Promise<ComplaintState | null>;
  findByReference(siteKey: string, reference: string): Promise<ComplaintState | null>;
  readEvents(complaintId: string): Promise<StoredEvent[]>;

  findIdempotent(scope: string, keyHash: string): Promise<IdempotentAnswer | null>;

  /** complaints with a warning or breach due at `now` or before, soonest first */
  dueForDeadlines(now: Date, limit: number): Promise<{ id: string; siteKey: string }[]>;
  /** when the next warning or breach of any complaint falls, or null */
  nextDeadline(): Promise<string | null>;

  /** every complaint's events, one complaint at a time, in the order complaints were created */
  eachEventChain(): AsyncIterable<StoredEvent[]>;
  /** throws the read model away and projects it again from the events, in one transaction */
  rebuildReadModel(): Promise<{ complaints: number; events: number }>;
  /** the read model as rows (ordered by id), for comparing it with the projection of the events */
  readModelSnapshot(): Promise<ProjectionRow[]>;

  /** oldest first (by creation), unless the filter asks for the newest first */
  outboxMessages(filter?: OutboxFilter): Promise<StoredOutboxMessage[]>;
  getOutboxMessage(id: string): Promise<StoredOutboxMessage | null>;
  /**
   * Leases due messages (pending, not folded into another, attempt time reached, no live lease)
   * to the claimer, soonest due first. Two claimers never get the same message while its lease
   * runs; a lease that ran out (a dispatcher that died) lets another take the message over.
   */
  claimOutbox(claim: OutboxClaim): Promise<StoredOutboxMessage[]>;
  /**
   * Folds pending messages into `into`: they are delivered with it and share its fate. Only
   * while `into` waits and is nobody else's (no other claimer's live lease on it), and only
   * messages nobody else holds a live lease on; returns the ids that were folded.
   */
  foldOutbox(into: string, ids: readonly string[], owner: string, now: Date): Promise<string[]>;
  /** that a channel has delivered a message (and need not deliver it again) */
  recordOutboxDelivery(id: string, channel: string): Promise<void>;
  /** delivered: the message and every message folded into it; nothing sent is ever sent again */
  markSent(id: string, at: Date): Promise<void>;
  /** one more failed attempt, and when to try again or that it is dead; the lease ends */
  markFailed(id: string, failure: OutboxFailure): Promise<void>;
  /** not due before `until` (held back, not an attempt); `reason`, when given, is kept as the last error */
  postponeOutbox(id: string, until: Date, reason?: string): Promise<void>;
  /** a dead message back to pending with a fresh count of attempts; null unless it was dead */
  retryDead(id: string, now: Date): Promise<StoredOutboxMessage | null>;

  /** a page of a site's queue, filtered, sorted, with counts */
  listComplaints(query: ListQuery): Promise<ListPage>;

  /** keeps a photo; the same bytes again change nothing */
  putAttachment(attachment: NewAttachment): Promise<void>;
  getAttachment(siteKey: string, id: string): Promise<{ contentType: string; bytes: Uint8Array } | null>;
  /** of the given ids, those the site has no attachment for */
  missingAttachments(siteKey: string, ids: readonly string[]): Promise<string[]>;

  /** a named server secret, created on first use and kept from then on */
  secret(name: string, create: () => string): Promise<string>;

  createApiKey(record: { id: string; siteKey: string; keyHash: string; label: string | null; createdAt: string }): Promise<void>;
  listApiKeys(siteKey: string): Promise<ApiKeyRecord[]>;
  /** the key with this hash, revoked or not, or null */
  findApiKey(keyHash: string): Promise<ApiKeyRecord | null>;
  /**
   * Marks the site's key revoked at `at`; a key revoked before keeps its first time, and
   * `revokedNow` says which happened. Null when the site has no such key.
   */
  revokeApiKey(siteKey: string, id: string, at: string): Promise<{ key: ApiKeyRecord; revokedNow: boolean } | null>;

  /** the events of several complaints at once, each chain in order; complaints without events are left out */
  readEventsOf(complaintIds: readonly string[]): Promise<Map<string, StoredEvent[]>>;

  /**
   * The site's complaints whose last change is later than `after` (an ISO time), oldest change
   * first (then by id), at most `limit`: what a live stream that was away since then missed.
   */
  changedAfter(siteKey: string, after: string, limit: number): Promise<ChangedComplaint[]>;
}
