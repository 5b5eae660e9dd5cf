import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { StaffCommand, StaffComplaint } from '../../api/contract/staff-api.ts';
import { newKey } from './context.ts';
import { StaffApi, StaffApiError, type StaffFailure, transient } from './staff-api.ts';

/**
 * Staff actions that wait for the network. Every command is written to IndexedDB with its
 * Idempotency-Key before it is sent, and stays there until the server has applied it or has
 * refused it for good. The server answers the same key with the same result, so an action sent
 * twice (a lost answer, a page closed mid-way, the service worker and a tab both trying) is
 * applied once. It uses no DOM: the service worker sends what waits on a Background Sync event
 * tagged `PENDING_SYNC_TAG`.
 */

export interface PendingAction {
  /** the Idempotency-Key the command is sent with, every time */
  id: string;
  site: string;
  complaintId: string;
  reference: string;
  /** the version of the complaint the command was decided on; moved on when a conflict is rebased */
  expectedVersion: number;
  command: StaffCommand;
  createdAt: number;
  state: 'pending' | 'sending' | 'failed';
  /** why the server refused it (only when `failed`) */
  failure?: { status: number; code: string; message: string };
}

export type SubmitResult =
  | { kind: 'done'; complaint: StaffComplaint }
  | { kind: 'queued'; action: PendingAction }
  | { kind: 'refused'; action: PendingAction };

/** An action as it is kept: which service it goes to, and when it may be tried again. */
interface StoredAction extends PendingAction {
  /** the service's origin ('' for the page's own) */
  origin: string;
  attempts: number;
  /** the backoff's next attempt: the network coming back or a flush with `now` may send sooner */
  nextAttemptAt: number;
  /** the server's Retry-After: always waited for */
  notBefore: number;
}

interface PendingSchema extends DBSchema {
  actions: { key: string; value: StoredAction };
}

/** the database, the Web Lock that lets one sender at a time walk the queue, and the Background Sync tag */
export const PENDING_DB = 'portal-actions';
export const PENDING_SYNC_TAG = 'portal-actions';
/** tabs and the service worker tell each other of every change on this channel */
export const PENDING_CHANNEL = 'portal-actions';

/** What goes on the channel: an action changed state, left the queue, or was applied (with its result). */
export type PendingMessage =
  | { id: string; state: PendingAction['state'] | 'removed' }
  | { id: string; state: 'done'; complaint: StaffComplaint };

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;
/** a request that hangs must not hold an action's lock for good */
const REQUEST_TIMEOUT_MS = 30_000;
/** conflicts rebased in a row before giving up: a complaint that keeps changing needs a person to look */
const MOST_REBASES = 3;

/** Exponential backoff with jitter, capped: half the delay is fixed, half random, so tabs spread out. */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return delay / 2 + (random() * delay) / 2;
}

let opened: Promise<IDBPDatabase<PendingSchema>> | undefined;
let channel: BroadcastChannel | undefined;
const listeners = new Set<(message: PendingMessage) => void>();

function database(): Promise<IDBPDatabase<PendingSchema>> {
  opened ??= openDB<PendingSchema>(PENDING_DB, 1, {
    upgrade: (db) => void db.createObjectStore('actions', { keyPath: 'id' }),
    // a newer portal in another tab wants to upgrade: let it, and reopen later
    blocking: () => forget(),
    terminated: () => forget(),
  }).catch((error: unknown) => {
    opened = undefined;
    throw error;
  });
  return opened;
}

function forget(): void {
  void opened?.then((db) => db.close());
  opened = undefined;
}

/** Whether this browser keeps a queue yet; asking does not create one. */
async function queueExists(): Promise<boolean> {
  if (opened) return true;
  try {
    return (await indexedDB.databases()).some((db) => db.name === PENDING_DB);
  } catch {
    // no list of databases: open it, an empty one costs nothing
    return true;
  }
}

function openChannel(): BroadcastChannel | undefined {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(PENDING_CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<PendingMessage>) => {
    for (const listener of listeners) listener(event.data);
  });
  return channel;
}

/** Tells this page's listeners, the other tabs and the service worker what changed. */
function announce(message: PendingMessage): void {
  for (const listener of listeners) listener(message);
  openChannel()?.postMessage(message);
}

/** The action as the rest of the portal sees it, without the queue's bookkeeping. */
function publicView({ origin: _origin, attempts: _attempts, nextAttemptAt: _next, notBefore: _notBefore, ...action }: StoredAction): PendingAction {
  return action;
}

async function read(id: string): Promise<StoredAction | undefined> {
  return (await database()).get('actions', id);
}

/** Changes a stored action, unless it was removed meanwhile; answers with what is stored now. */
async function update(id: string, change: Partial<StoredAction>): Promise<StoredAction | undefined> {
  const tx = (await database()).transaction('actions', 'readwrite');
  const current = await tx.store.get(id);
  const next = current ? { ...current, ...change } : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
  if (next && change.state) announce({ id, state: change.state });
  return next;
}

async function remove(id: string): Promise<void> {
  await (await database()).delete('actions', id);
}

/**
 * Runs `work` holding a Web Lock, where the browser has them (every current one does). With
 * `ifAvailable`, `work` gets `false` instead of waiting when someone else holds it.
 */
function withLock<T>(name: string, work: (held: boolean) => Promise<T>, ifAvailable = false): Promise<T> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return work(true);
  return navigator.locks.request(name, { ifAvailable }, (lock) => work(lock !== null));
}

const actionLock = (id: string) => `${PENDING_DB}:${id}`;

/** Background Sync, where the browser has it (Chromium): not in the DOM typings yet. */
interface SyncRegistration extends ServiceWorkerRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Asks the service worker to send the queue when the connection returns, even if every tab
 * of the portal is closed by then. In the worker itself a failing sync event is retried by
 * the browser, so nothing needs registering there.
 */
async function registerSync(): Promise<void> {
  try {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const registration = (await navigator.serviceWorker.getRegistration()) as SyncRegistration | undefined;
    await registration?.sync?.register(PENDING_SYNC_TAG);
  } catch {
    // no Background Sync: the open pages send the queue on `online` and when shown again
  }
}

const failureOf = (error: unknown): StaffFailure => (error instanceof StaffApiError ? error.failure : { kind: 'network' });

/** The session's CSRF token, fetched with the cookie when the client has none yet (the service worker). */
async function signedIn(api: StaffApi): Promise<boolean> {
  if (api.csrfToken) return true;
  try {
    return (await api.session(AbortSignal.timeout(REQUEST_TIMEOUT_MS))) !== null;
  } catch {
    return false;
  }
}

/**
 * Sends one action, holding its lock. Applied → removed and announced with the complaint;
 * worth trying again later → back to `pending` with its next attempt set; refused → `failed`.
 */
async function send(api: StaffApi, stored: StoredAction): Promise<SubmitResult> {
  let action = (await update(stored.id, { state: 'sending' })) ?? stored;
  let rebases = 0;
  let renewed = false;
  for (;;) {
    try {
      const complaint = await api.request<StaffComplaint>(api.siteUrl(action.site, `/complaints/${encodeURIComponent(action.complaintId)}/commands`), {
        method: 'POST',
        json: { expectedVersion: action.expectedVersion, command: action.command },
        headers: { 'Idempotency-Key': action.id },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await remove(action.id);
      announce({ id: action.id, state: 'done', complaint });
      return { kind: 'done', complaint };
    } catch (error) {
      const failure = failureOf(error);
      if (failure.kind === 'http' && failure.status === 403 && failure.code === 'csrf_failed' && !renewed) {
        // the member signed in again elsewhere since this client read its token: read the new one
        renewed = true;
        const session = await api.session(AbortSignal.timeout(REQUEST_TIMEOUT_MS)).catch(() => null);
        if (!session) return postpone(action, failure);
        continue;
      }
      if (failure.kind === 'http' && failure.status === 409 && failure.code === 'version_conflict' && rebases < MOST_REBASES) {
        rebases += 1;
        // Someone changed the complaint first. If the step still makes sense, decide it again on
        // the new version, with the same key: had an earlier attempt been applied after all, the
        // server answers with that instead of applying it twice.
        let rebased: StoredAction | 'not-allowed';
        try {
          rebased = await rebase(api, action);
        } catch (reason) {
          const why = failureOf(reason);
          if (why.kind === 'http' && !transient(why) && why.status !== 401) return refuse(action, why);
          return postpone(action, why);
        }
        if (rebased === 'not-allowed') {
          return refuse(action, { status: 409, code: 'no_longer_allowed', message: `the complaint changed meanwhile, and ${action.command.type} no longer applies to it` });
        }
        action = rebased;
        continue;
      }
      if (failure.kind === 'network' || transient(failure)) return postpone(action, failure);
      // signed out meanwhile: the action waits for the next sign-in rather than being lost
      if (failure.status === 401) return postpone(action, failure);
      return refuse(action, failure);
    }
  }
}

/** The complaint as it stands: the action on its new version, or `not-allowed` when the step no longer applies. */
async function rebase(api: StaffApi, action: StoredAction): Promise<StoredAction | 'not-allowed'> {
  const complaint = await api.complaint(action.site, action.complaintId, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
  if (!complaint.allowedCommands.includes(action.command.type)) return 'not-allowed';
  return (await update(action.id, { expectedVersion: complaint.version })) ?? { ...action, expectedVersion: complaint.version };
}

async function postpone(action: StoredAction, failure: StaffFailure): Promise<SubmitResult> {
  const attempts = action.attempts + 1;
  const now = Date.now();
  const retryAfter = failure.kind === 'http' ? failure.retryAfter : undefined;
  const stored = await update(action.id, {
    state: 'pending',
    attempts,
    nextAttemptAt: now + retryDelay(attempts),
    notBefore: retryAfter ? now + retryAfter * 1000 : 0,
  });
  void registerSync();
  return { kind: 'queued', action: publicView(stored ?? action) };
}

async function refuse(action: StoredAction, { status, code, message }: { status: number; code: string; message: string }): Promise<SubmitResult> {
  const stored = await update(action.id, { state: 'failed', failure: { status, code, message } });
  return { kind: 'refused', action: publicView(stored ?? { ...action, state: 'failed', failure: { status, code, message } }) };
}

const online = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/** Writes the action to IndexedDB (with its Idempotency-Key) BEFORE sending; sends it now if online. */
export async function submitAction(
  api: StaffApi,
  request: { site: string; complaintId: string; reference: string; expectedVersion: number; command: StaffCommand },
): Promise<SubmitResult> {
  const action: StoredAction = {
    id: newKey(),
    site: request.site,
    complaintId: request.complaintId,
    reference: request.reference,
    expectedVersion: request.expectedVersion,
    command: request.command,
    createdAt: Date.now(),
    state: 'pending',
    origin: api.origin,
    attempts: 0,
    nextAttemptAt: 0,
    notBefore: 0,
  };
  // The lock is taken before the action is stored, so a flush (in this tab, another one or the
  // worker) that sees it leaves it to this first attempt instead of sending it too.
  return withLock(actionLock(action.id), async () => {
    await (await database()).put('actions', action);
    announce({ id: action.id, state: 'pending' });
    if (!online()) {
      void registerSync();
      return { kind: 'queued', action: publicView(action) };
    }
    if (!(await signedIn(api))) return postpone(action, { kind: 'http', status: 401, code: 'unauthorized', message: '', issues: [] });
    return send(api, action);
  });
}

/** What waits or was refused, oldest first; for one site when given. Reading never creates the database. */
export async function pendingActions(site?: string): Promise<PendingAction[]> {
  if (!(await queueExists())) return [];
  const all = await (await database()).getAll('actions');
  return all
    .filter((action) => site === undefined || action.site === site)
    .sort((a, b) => a.createdAt - b.createdAt)
    .map(publicView);
}

/**
 * `listener` is called whenever the queue changes: in this tab, in another tab (over a
 * BroadcastChannel) or in the service worker. Answers with a function that stops it.
 */
export function onPendingChange(listener: () => void): () => void {
  const wrapped = () => listener();
  listeners.add(wrapped);
  openChannel();
  return () => listeners.delete(wrapped);
}

/**
 * Like `onPendingChange`, with what changed: an action that was applied comes with the
 * complaint as the server left it, so a screen showing it can update without asking again.
 */
export function onPendingMessage(listener: (message: PendingMessage) => void): () => void {
  listeners.add(listener);
  openChannel();
  return () => listeners.delete(listener);
}

/** Drops an action from the queue (a refused one the member has read, or one they no longer want sent). */
export async function discardAction(id: string): Promise<void> {
  // not while it is on its way: wait for that attempt to end
  await withLock(actionLock(id), async () => {
    if (!(await queueExists())) return;
    await remove(id);
  });
  announce({ id, state: 'removed' });
}

/**
 * Sends what waits: on `online`, when a page loads or is shown again, and from the service
 * worker's sync (`api` null: it signs the requests with the session cookie and fetches the
 * CSRF token itself). `now` skips the backoff (the network is back); Retry-After is always kept.
 * One sender walks the queue at a time; an action another tab is sending right now is left to
 * it. Never rejects because of the server: refusals are stored on the action.
 */
export async function flushPending(api: StaffApi | null, options: { now?: boolean } = {}): Promise<{ waiting: number; nextAttemptAt?: number }> {
  if (!(await queueExists())) return { waiting: 0 };
  return withLock(PENDING_DB, async () => {
    const clients = new Map<string, StaffApi | null>();
    const clientFor = async (origin: string): Promise<StaffApi | null> => {
      if (clients.has(origin)) return clients.get(origin) ?? null;
      let client: StaffApi | null = api;
      if (!api) client = new StaffApi(origin);
      // a page's client serves its own service only
      else if (api.origin !== origin) client = null;
      if (client && !(await signedIn(client))) client = null;
      clients.set(origin, client);
      return client;
    };
    const skipBackoff = options.now ?? api === null;
    const tried = new Set<string>();
    for (;;) {
      const all = await (await database()).getAll('actions');
      const now = Date.now();
      const waiting = all.filter((action) => action.state !== 'failed');
      const due = waiting
        .sort((a, b) => a.createdAt - b.createdAt)
        .find((action) => !tried.has(action.id) && action.notBefore <= now && (skipBackoff || action.nextAttemptAt <= now));
      if (!due) {
        const next = waiting.map((action) => Math.max(action.nextAttemptAt, action.notBefore));
        return next.length ? { waiting: waiting.length, nextAttemptAt: Math.max(now, Math.min(...next)) } : { waiting: 0 };
      }
      if (!online()) return { waiting: waiting.length };
      tried.add(due.id);
      const client = await clientFor(due.origin);
      if (!client) continue;
      await withLock(
        actionLock(due.id),
        async (held) => {
          // someone is sending it right now (its first attempt, in the tab that made it)
          if (!held) return;
          const current = await read(due.id);
          if (!current || current.state === 'failed') return;
          await send(client, current);
        },
        true,
      );
    }
  });
}

/**
 * Keeps a page sending what waits: now, when the network returns, when the page is shown
 * again, when something is queued, and when the backoff's next attempt is due. Answers with a
 * function that stops it.
 */
export function keepSending(api: StaffApi): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running = false;
  // asked again while a flush ran: one more pass once it ends
  let again: { now: boolean } | undefined;
  const flush = (now = false) => {
    if (stopped) return;
    if (running) {
      again = { now: now || (again?.now ?? false) };
      return;
    }
    running = true;
    clearTimeout(timer);
    void flushPending(api, { now })
      .then(({ waiting, nextAttemptAt }) => {
        if (stopped || !waiting || nextAttemptAt === undefined) return;
        timer = setTimeout(() => flush(), Math.max(1_000, nextAttemptAt - Date.now()));
      })
      .catch(() => undefined)
      .finally(() => {
        running = false;
        const next = again;
        again = undefined;
        if (next) flush(next.now);
      });
  };
  const onOnline = () => flush(true);
  const onVisible = () => {
    if (document.visibilityState === 'visible') flush();
  };
  const stopListening = onPendingMessage((message) => {
    if (message.state === 'pending') flush();
  });
  addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  flush();
  return () => {
    stopped = true;
    clearTimeout(timer);
    stopListening();
    removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
