import type { Logger } from '../http/logger.ts';
import type { Store } from '../store/store.ts';
import type { Clock, ComplaintDesk } from './complaints.ts';

const BATCH = 100;

/**
 * Raises deadline warnings and breaches on time. It keeps no state of its own: each pass asks
 * the store which complaints have one due, so after a restart it catches up on what it missed,
 * and the workflow refuses to raise anything twice.
 */
export class DeadlineScheduler {
  readonly #store: Store;
  readonly #desk: ComplaintDesk;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = true;

  constructor(store: Store, desk: ComplaintDesk, clock: Clock, logger: Logger, intervalMs = 1000) {
    this.#store = store;
    this.#desk = desk;
    this.#clock = clock;
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  /** One pass: every complaint with something due now. Returns how many events were raised. */
  async tick(): Promise<number> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #pass(): Promise<number> {
    let raised = 0;
    for (;;) {
      const due = await this.#store.dueForDeadlines(this.#clock.now(), BATCH);
      let progressed = 0;
      for (const { id, siteKey } of due) {
        try {
          const events = await this.#desk.raiseDeadlines(siteKey, id);
          raised += events.length;
          if (events.length) progressed += 1;
        } catch (error) {
          this.#logger.error({ msg: 'could not raise deadlines', complaintId: id, error: (error as Error).message });
        }
      }
      // A full batch that moved may hide more behind it; anything else waits for the next pass.
      if (due.length < BATCH || progressed === 0) return raised;
    }
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = async () => {
      if (this.#stopped) return;
      try {
        await this.tick();
      } catch (error) {
        this.#logger.error({ msg: 'deadline pass failed', error: (error as Error).message });
      }
      if (!this.#stopped) this.#timer = setTimeout(loop, this.#intervalMs).unref();
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }
}
