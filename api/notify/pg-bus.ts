import type pg from 'pg';
import type { Logger } from '../http/logger.ts';
import { CHANGES_CHANNEL_SQL, readNotice } from '../store/postgres-changes.ts';
import { StoreUnavailable } from '../store/open.ts';
import { PostgresStore } from '../store/postgres.ts';
import type { Store } from '../store/store.ts';
import { type Change, type LiveBus, LocalBus } from './live.ts';

export interface PgBusOptions {
  logger?: Logger;
  /** the first wait before connecting again after the connection was lost; it doubles each time */
  retryMs?: number;
  /** the longest wait between attempts */
  maxRetryMs?: number;
  /** how often the connection is checked (a connection can die without saying so) */
  checkMs?: number;
}

/** the listening connection's application name in pg_stat_activity, followed by the process id */
export const LISTENER_NAME = 'complaint-desk live updates';

/** A check of the connection that takes longer than this counts as a lost connection. */
const CHECK_TIMEOUT_MS = 10_000;

/**
 * The live bus of several server processes sharing one PostgreSQL database: every commit of the
 * store sends a NOTIFY inside its transaction (api/store/postgres-changes.ts), delivered when
 * it commits; each process LISTENs on one connection of its own and hands what it hears to its
 * local subscribers. Changes made through this process are handed on at once, without waiting
 * for the database.
 *
 * When the connection is lost, the bus connects again with growing waits and then tells its
 * resync listeners that changes may have been missed meanwhile.
 */
export class PgBus implements LiveBus {
  readonly #local = new LocalBus();
  readonly #store: PostgresStore;
  readonly #logger: Logger | undefined;
  readonly #retryMs: number;
  readonly #maxRetryMs: number;
  readonly #checkMs: number;
  #client: pg.Client | undefined;
  #channel: string | undefined;
  #backendPid: number | undefined;
  #listening = false;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #check: ReturnType<typeof setInterval> | undefined;
  #running = false;

  private constructor(store: PostgresStore, options: PgBusOptions) {
    this.#store = store;
    this.#logger = options.logger;
    this.#retryMs = options.retryMs ?? 250;
    this.#maxRetryMs = options.maxRetryMs ?? 15_000;
    this.#checkMs = options.checkMs ?? 30_000;
  }

  /** Connects and listens; fails with StoreUnavailable (holding nothing open) when the database cannot be reached now. */
  static async start(store: PostgresStore, options: PgBusOptions = {}): Promise<PgBus> {
    const bus = new PgBus(store, options);
    try {
      await bus.#listen();
    } catch (error) {
      await bus.close();
      throw new StoreUnavailable(`cannot listen for changes on PostgreSQL at ${store.where} (${(error as Error).message})`, { cause: error });
    }
    bus.#running = true;
    return bus;
  }

  /** the channel it listens on (see CHANGES_CHANNEL_SQL) */
  get channel(): string | undefined {
    return this.#channel;
  }

  /** the database server's process id of the listening connection (pg_stat_activity.pid) */
  get backendPid(): number | undefined {
    return this.#backendPid;
  }

  /** whether the listening connection is up now */
  get listening(): boolean {
    return this.#listening;
  }

  /** Hands the change to this process's subscribers; the other processes hear of it from the commit's NOTIFY. */
  publish(change: Change): void {
    this.#local.publish(change);
  }

  subscribe(topic: string, listener: (change: Change) => void): () => void {
    return this.#local.subscribe(topic, listener);
  }

  onResync(listener: () => void): () => void {
    return this.#local.onResync(listener);
  }

  /** Stops listening, closes the connection and forgets every subscriber. */
  async close(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#retry);
    this.#retry = undefined;
    clearInterval(this.#check);
    const client = this.#client;
    this.#client = undefined;
    this.#listening = false;
    await client?.end().catch(() => undefined);
    await this.#local.close();
  }

  async #listen(): Promise<void> {
    const client = this.#store.listenClient(`${LISTENER_NAME} ${process.pid}`);
    this.#client = client;
    client.on('notification', (message) => this.#heard(message.payload));
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      const { rows } = await client.query<{ channel: string; pid: number }>(`SELECT ${CHANGES_CHANNEL_SQL} AS channel, pg_backend_pid() AS pid`);
      const { channel, pid } = rows[0]!;
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      this.#channel = channel;
      this.#backendPid = pid;
      this.#listening = true;
    } catch (error) {
      this.#lost(client, error as Error);
      throw error;
    }
    clearInterval(this.#check);
    this.#check = setInterval(() => void this.#checkConnection(client), this.#checkMs);
    this.#check.unref();
  }

  #heard(payload: string | undefined): void {
    const notice = readNotice(payload);
    if (!notice) {
      this.#logger?.error({ msg: 'live bus: a notification that is not a change notice was ignored', channel: this.#channel });
      return;
    }
    // this process's own changes were handed on when they were published
    if (notice.origin === this.#store.origin) return;
    this.#local.publish({ siteKey: notice.siteKey, complaintId: notice.complaintId, version: notice.version, at: notice.at });
  }

  /** A query that must come back: a connection dropped without a word is found out here. */
  async #checkConnection(client: pg.Client): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to a check within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS);
    });
    try {
      await Promise.race([client.query('SELECT 1'), timeout]);
    } catch (error) {
      this.#lost(client, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  #lost(client: pg.Client, error: Error): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    this.#listening = false;
    clearInterval(this.#check);
    client.removeAllListeners('notification');
    // errors of a connection being given up on are of no further interest
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (!this.#running) return;
    const wait = Math.min(this.#maxRetryMs, this.#retryMs * 2 ** this.#failures) * (0.5 + Math.random() / 2);
    this.#failures += 1;
    this.#logger?.error({ msg: 'live bus: lost the connection to PostgreSQL; connecting again', error: error.message, retryInMs: Math.round(wait) });
    this.#retry = setTimeout(() => void this.#reconnect(), wait);
  }

  async #reconnect(): Promise<void> {
    this.#retry = undefined;
    if (!this.#running) return;
    try {
      await this.#listen();
    } catch {
      // #lost has already planned the next attempt
      return;
    }
    if (!this.#running) return;
    this.#failures = 0;
    this.#logger?.info({ msg: 'live bus: listening again', channel: this.#channel, backendPid: this.#backendPid });
    // whatever was committed while nobody listened is in the store: streams look there now
    this.#local.resync();
  }
}

/**
 * The live bus for a store: with PostgreSQL one that also hears the other server processes on
 * the same database, otherwise the in-process one.
 */
export async function openLiveBus(store: Store, logger?: Logger): Promise<LiveBus & { close(): Promise<void> }> {
  if (store instanceof PostgresStore) return PgBus.start(store, { logger });
  return new LocalBus();
}
