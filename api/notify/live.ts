import { EventEmitter } from 'node:events';

/** That a complaint changed: enough for a screen to fetch it again. */
export interface Change {
  siteKey: string;
  complaintId: string;
  version: number;
  at: string;
}

/**
 * Tells open screens that a complaint changed. Every subscriber hears every change made through
 * this server process; with several processes on one PostgreSQL (`PgBus`) also those made
 * through the others.
 */
export interface LiveBus {
  publish(change: Change): void;
  /** `complaint:<id>` for one complaint, `site:<key>` for a site's queue; returns the unsubscribe */
  subscribe(topic: string, listener: (change: Change) => void): () => void;
  /**
   * Called when changes may have been missed (the bus lost its connection for a while and has it
   * back): a listener should look at the store for what changed meanwhile. Returns the unsubscribe.
   */
  onResync(listener: () => void): () => void;
}

/** In-process: one server process, or the local fan-out of a bus that hears other processes. */
export class LocalBus implements LiveBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    // one listener per open screen: many are expected
    this.#emitter.setMaxListeners(0);
  }

  publish(change: Change): void {
    this.#emitter.emit(`complaint:${change.complaintId}`, change);
    this.#emitter.emit(`site:${change.siteKey}`, change);
  }

  subscribe(topic: string, listener: (change: Change) => void): () => void {
    this.#emitter.on(topic, listener);
    return () => this.#emitter.off(topic, listener);
  }

  onResync(listener: () => void): () => void {
    this.#emitter.on(RESYNC, listener);
    return () => this.#emitter.off(RESYNC, listener);
  }

  /** Tells every resync listener that changes may have been missed. */
  resync(): void {
    this.#emitter.emit(RESYNC);
  }

  /** Forgets every listener. */
  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}

/** not a topic a subscriber can name: topics are `complaint:…` and `site:…` */
const RESYNC = Symbol('resync');
