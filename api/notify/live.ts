import { EventEmitter } from 'node:events';

/** That a complaint changed: enough for a screen to fetch it again. */
export interface Change {
  siteKey: string;
  complaintId: string;
  version: number;
  at: string;
}

/**
 * Tells open screens that a complaint changed. In-process: every subscriber of this server
 * process hears every change made through it.
 */
export interface LiveBus {
  publish(change: Change): void;
  /** `complaint:<id>` for one complaint, `site:<key>` for a site's queue; returns the unsubscribe */
  subscribe(topic: string, listener: (change: Change) => void): () => void;
}

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
}
