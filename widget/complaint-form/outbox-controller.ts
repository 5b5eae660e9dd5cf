import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Submission } from '../shared/api.ts';
import type { OutboxEntry, OutboxScope } from '../shared/outbox.ts';
import { OUTBOX_CHANNEL, outboxExists } from '../shared/outbox-names.ts';
import type * as OutboxView from './outbox-view.ts';

type OutboxModule = typeof OutboxView;

/**
 * Keeps a form in step with the outbox. Its code and the database load only when the browser
 * already keeps an outbox or the resident sends something. It sends when the form is ready,
 * when the network returns, when the page is shown again and when the backoff says so, and it
 * follows what other tabs and the service worker change.
 */
export class OutboxController implements ReactiveController {
  /** this form's stored complaints, oldest first */
  entries: OutboxEntry[] = [];
  /** the outbox's code and its views, once loaded */
  view: OutboxModule | undefined;
  readonly #host: ReactiveControllerHost;
  readonly #scope: () => OutboxScope | undefined;
  readonly #changed: (entries: OutboxEntry[]) => void;
  #module: Promise<OutboxModule> | undefined;
  #channel: BroadcastChannel | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(host: ReactiveControllerHost, scope: () => OutboxScope | undefined, changed: (entries: OutboxEntry[]) => void) {
    this.#host = host;
    this.#scope = scope;
    this.#changed = changed;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('online', this.#online);
    document.addEventListener('visibilitychange', this.#visible);
    this.#channel = new BroadcastChannel(OUTBOX_CHANNEL);
    this.#channel.onmessage = () => void this.#refresh().catch(() => undefined);
  }

  hostDisconnected(): void {
    removeEventListener('online', this.#online);
    document.removeEventListener('visibilitychange', this.#visible);
    this.#channel?.close();
    clearTimeout(this.#timer);
  }

  /** Stores a complaint (before any request), then tries to send it at once. */
  async enqueue(submission: Submission, replacing?: string): Promise<OutboxEntry> {
    const scope = this.#scope()!;
    const entry = await (await this.load()).enqueue(submission, scope, replacing);
    await this.#refresh();
    // a new complaint is due at once; a flush already under way may have tried it, and then
    // its backoff holds (skipping it would send it again straight after a failure)
    void this.flush();
    return entry;
  }

  async remove(id: string): Promise<void> {
    await (await this.load()).removeEntry(id);
  }

  /**
   * Sends what is due (everything waiting, with `now`), one flush at a time in this page. When
   * the form is ready it picks up what an earlier visit left, and creates nothing if there is none.
   */
  flush(now = false): Promise<void> {
    this.#flushing = this.#flushing
      .then(async () => {
        const scope = this.#scope();
        if (!scope || (!this.#module && !(await outboxExists()))) return;
        await (await this.load()).flushOutbox({ scope, now });
        await this.#refresh();
      })
      // the entries stay stored; the next trigger tries again
      .catch(() => undefined);
    return this.#flushing;
  }

  load(): Promise<OutboxModule> {
    this.#module ??= import('./outbox-view.ts').then((module) => (this.view = module));
    return this.#module;
  }

  async #refresh(): Promise<void> {
    const scope = this.#scope();
    if (!scope) return;
    this.entries = await (await this.load()).outboxEntries(scope);
    this.#changed(this.entries);
    this.#host.requestUpdate();
    clearTimeout(this.#timer);
    const due = this.entries.filter((entry) => entry.state === 'queued').map((entry) => Math.max(entry.nextAttemptAt, entry.notBefore));
    if (due.length) this.#timer = setTimeout(() => void this.flush(), Math.max(0, Math.min(...due) - Date.now()) + 50);
  }

  readonly #online = () => void this.flush(true);
  readonly #visible = () => {
    if (document.visibilityState === 'visible') void this.flush();
  };
}
