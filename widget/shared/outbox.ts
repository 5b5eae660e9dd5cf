import type { ErrorIssue } from '../../api/contract/common.ts';
import { ApiError, type ApiFailure, SiteApi, type Submission, sendSubmission, worthRetrying } from './api.ts';
import { OUTBOX_CHANNEL, OUTBOX_DB, OUTBOX_SYNC_TAG, outboxExists } from './outbox-names.ts';

export { OUTBOX_SYNC_TAG };

/**
 * The offline outbox: every complaint is written to IndexedDB with its Idempotency-Key before
 * it is sent, and stays there until the server has it and the resident has seen the receipt.
 * It uses no DOM, so a service worker can send it too (`flushOutbox()` on a Background Sync
 * event tagged `OUTBOX_SYNC_TAG`).
 */

/** `queued` waits for its next attempt; `failed` was refused by the server and waits for the resident. */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxEntry extends Submission {
  /** origin of the complaint service and the site key it is filed with */
  api: string;
  site: string;
  state: OutboxState;
  createdAt: number;
  attempts: number;
  /** the backoff's next attempt: the network coming back or the resident may send sooner */
  nextAttemptAt: number;
  /** the server's Retry-After: always waited for */
  notBefore: number;
  receipt?: { reference: string; accessCode: string };
  /** why the server refused it (`failed`), or refused the last attempt of a `queued` one */
  failure?: { status: number; code: string; message: string; issues: ErrorIssue[] };
}

/** Which entries a page looks after: its own form's. A service worker takes them all. */
export interface OutboxScope {
  api: string;
  site: string;
}

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;
/** a request that hangs must not hold the lock for good */
const REQUEST_TIMEOUT_MS = 30_000;

/** Exponential backoff with jitter, capped: half the delay is fixed, half random, so tabs and phones spread out. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return delay / 2 + (random() * delay) / 2;
}

let opened: Promise<IDBDatabase> | undefined;
let channel: BroadcastChannel | undefined;

/** A request's result, once it has one. */
const result = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

function database(): Promise<IDBDatabase> {
  if (!opened) {
    const request = indexedDB.open(OUTBOX_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('entries', { keyPath: 'id' });
    opened = result(request).then(
      (db) => {
        // a newer version of the widget in another tab wants to upgrade: let it, and reopen later
        db.onversionchange = forget;
        db.onclose = forget;
        return db;
      },
      (error: unknown) => {
        opened = undefined;
        throw error;
      },
    );
  }
  return opened;
}

function forget(): void {
  void opened?.then((db) => db.close());
  opened = undefined;
}

/** The entries, in a new transaction. */
const entries = async (mode: IDBTransactionMode = 'readonly'): Promise<IDBObjectStore> =>
  (await database()).transaction('entries', mode).objectStore('entries');

/** Waits until the store's transaction is committed. */
const committed = ({ transaction }: IDBObjectStore): Promise<void> =>
  new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error);
  });

/** Tells the other tabs and the service worker (and this page's own listeners) what changed. */
function announce(id: string, state: OutboxState | 'removed'): void {
  channel ??= new BroadcastChannel(OUTBOX_CHANNEL);
  channel.postMessage({ id, state });
}

const inScope = (entry: OutboxEntry, scope?: OutboxScope) => !scope || (entry.api === scope.api && entry.site === scope.site);

/** The entries of a scope, oldest first. Reading never creates the database. */
export async function outboxEntries(scope?: OutboxScope): Promise<OutboxEntry[]> {
  if (!opened && !(await outboxExists())) return [];
  const all = await result((await entries()).getAll() as IDBRequest<OutboxEntry[]>);
  return all.filter((entry) => inScope(entry, scope)).sort((a, b) => a.createdAt - b.createdAt);
}

/** Stores a new complaint before anything is sent; `replacing` is a refused one it corrects. */
export async function enqueue(submission: Submission, scope: OutboxScope, replacing?: string): Promise<OutboxEntry> {
  const entry: OutboxEntry = {
    ...submission,
    ...scope,
    state: 'queued',
    createdAt: Date.now(),
    attempts: 0,
    nextAttemptAt: 0,
    notBefore: 0,
  };
  const store = await entries('readwrite');
  store.put(entry);
  if (replacing) store.delete(replacing);
  await committed(store);
  if (replacing) announce(replacing, 'removed');
  announce(entry.id, 'queued');
  return entry;
}

/** Discards a refused complaint, or lets go of a sent one whose receipt the resident has seen. */
export async function removeEntry(id: string): Promise<void> {
  const store = await entries('readwrite');
  store.delete(id);
  await committed(store);
  announce(id, 'removed');
}

/** Changes a stored entry, unless another tab removed it meanwhile. */
async function update(id: string, change: Partial<OutboxEntry>): Promise<void> {
  const store = await entries('readwrite');
  const current = await result(store.get(id) as IDBRequest<OutboxEntry | undefined>);
  if (current) store.put({ ...current, ...change });
  await committed(store);
  if (current && change.state) announce(id, change.state);
}

export interface FlushOptions {
  /** only this form's entries (a page); all of them when absent (a service worker) */
  scope?: OutboxScope;
  /** send without waiting for the backoff: the network is back or the resident asked */
  now?: boolean;
}

export interface FlushResult {
  /** entries still waiting to be sent */
  waiting: number;
  /** when the next of them is due (ms since the epoch) */
  nextAttemptAt?: number;
}

/**
 * Sends what is due, one entry at a time, and answers with what still waits. Under a Web Lock
 * where there is one, so two tabs (or a tab and the service worker) never send at once; a
 * `sending` entry found under the lock was left by a page that closed mid-way and waits again,
 * to be sent with the same key. Never rejects because of the server: refusals are stored on the entry.
 */
export async function flushOutbox(options: FlushOptions = {}): Promise<FlushResult> {
  if (!opened && !(await outboxExists())) return { waiting: 0 };
  const run = () => sendDue(options);
  return 'locks' in navigator ? navigator.locks.request(OUTBOX_DB, run) : run();
}

async function sendDue({ scope, now: skipBackoff = false }: FlushOptions): Promise<FlushResult> {
  const tried = new Set<string>();
  // under the lock nobody else is sending: a `sending` entry was left by a page that closed mid-way
  for (const entry of await outboxEntries(scope)) if (entry.state === 'sending') await update(entry.id, { state: 'queued' });
  for (;;) {
    const entries = await outboxEntries(scope);
    const now = Date.now();
    const waiting = entries.filter((entry) => entry.state === 'queued');
    const due = waiting.find(
      (entry) => !tried.has(entry.id) && entry.notBefore <= now && (skipBackoff || entry.nextAttemptAt <= now),
    );
    if (!due) {
      const next = waiting.map((entry) => Math.max(entry.nextAttemptAt, entry.notBefore));
      return next.length ? { waiting: waiting.length, nextAttemptAt: Math.min(...next) } : { waiting: 0 };
    }
    tried.add(due.id);
    await send(due);
  }
}

async function send(entry: OutboxEntry): Promise<void> {
  await update(entry.id, { state: 'sending' });
  const api = new SiteApi(entry.api, entry.site);
  try {
    const filed = await sendSubmission(api, entry, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    await update(entry.id, {
      state: 'sent',
      uploaded: entry.uploaded,
      receipt: { reference: filed.reference, accessCode: filed.accessCode },
      failure: undefined,
    });
  } catch (error) {
    const failure: ApiFailure = error instanceof ApiError ? error.failure : { kind: 'network' };
    // what the server said, also when it asks to wait (too many complaints from here): the resident is told
    const said = failure.kind === 'http' ? { status: failure.status, code: failure.code, message: failure.message, issues: failure.issues } : undefined;
    if (failure.kind === 'http' && !worthRetrying(failure)) {
      await update(entry.id, { state: 'failed', uploaded: entry.uploaded, failure: said });
      return;
    }
    const attempts = entry.attempts + 1;
    await update(entry.id, {
      state: 'queued',
      uploaded: entry.uploaded,
      failure: said,
      attempts,
      nextAttemptAt: Date.now() + retryDelay(attempts),
      notBefore: failure.kind === 'http' && failure.retryAfter ? Date.now() + failure.retryAfter * 1000 : 0,
    });
  }
}
