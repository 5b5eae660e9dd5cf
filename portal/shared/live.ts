/** A complaint of the site was filed or changed: it is now at `version`. */
export interface LiveChange {
  complaintId: string;
  version: number;
  at: string;
}

/**
 * `connecting` before the first `ready`; `live` while events arrive; `reconnecting` after the
 * stream broke (the network, a restart, the server's regular ten-minute end) until the next
 * `ready`; `stopped` after `stop()`.
 */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export interface SiteLiveOptions {
  /** a complaint changed: fetch it again */
  onChange(change: LiveChange): void;
  /** the state changed: screens show "live" or "reconnecting" */
  onState?(state: LiveState): void;
  /**
   * The stream is (back) up. After a reconnect (`again` true) changes made while it was down
   * were not heard: the screen should load what it shows again.
   */
  onReady?(again: boolean): void;
}

/** Waits before opening a stream the browser gave up on, growing to a minute. */
const RETRY_MS = [1_000, 3_000, 10_000, 30_000, 60_000];

/**
 * Follows a site's changes: `GET /api/v1/staff/sites/{site}/live`, server-sent events with the
 * session cookie (an EventSource `withCredentials` when the service is on another origin):
 * `ready` first, then `changed` with `{ complaintId, version, at }`.
 *
 * The server ends each stream after ten minutes so that the session is checked again; the
 * browser reconnects by itself while it can. When it gives up (the answer was not a stream: signed
 * out, the server down) this opens a new one after a wait, and at once when the network returns.
 * `stop()` closes everything; a screen calls it when it leaves the page.
 */
export class SiteLive {
  readonly #url: string;
  readonly #options: SiteLiveOptions;
  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #state: LiveState = 'connecting';
  #failures = 0;
  #readyOnce = false;
  #running = false;
  readonly #online = () => {
    if (!this.#running || this.#state === 'live') return;
    clearTimeout(this.#timer);
    this.#open();
  };

  constructor(url: string, options: SiteLiveOptions) {
    this.#url = url;
    this.#options = options;
  }

  /** `live`, `connecting`, `reconnecting` or `stopped`. */
  get state(): LiveState {
    return this.#state;
  }

  /** Whether changes are arriving now. */
  get connected(): boolean {
    return this.#state === 'live';
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#readyOnce = false;
    this.#failures = 0;
    this.#set('connecting');
    addEventListener('online', this.#online);
    this.#open();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    removeEventListener('online', this.#online);
    this.#close();
    this.#set('stopped');
  }

  #open(): void {
    this.#close();
    if (!this.#running || typeof EventSource !== 'function') return;
    const url = new URL(this.#url, location.href);
    const source = new EventSource(url.href, { withCredentials: url.origin !== location.origin });
    this.#source = source;
    source.addEventListener('ready', () => {
      if (source !== this.#source) return;
      const again = this.#readyOnce;
      this.#readyOnce = true;
      this.#failures = 0;
      this.#set('live');
      this.#options.onReady?.(again);
    });
    source.addEventListener('changed', (event) => {
      if (source !== this.#source) return;
      const change = parseChange((event as MessageEvent<string>).data);
      if (change) this.#options.onChange(change);
    });
    source.addEventListener('error', () => {
      if (source !== this.#source || !this.#running) return;
      // CONNECTING: the browser is trying again by itself (the stream ended or broke)
      if (source.readyState === EventSource.CONNECTING) {
        if (this.#readyOnce || this.#state !== 'connecting') this.#set('reconnecting');
        return;
      }
      // CLOSED: it gave up (an error answer, not a stream); try again later with a new one
      this.#close();
      this.#set(this.#readyOnce ? 'reconnecting' : 'connecting');
      const wait = RETRY_MS[Math.min(this.#failures, RETRY_MS.length - 1)]!;
      this.#failures += 1;
      this.#timer = setTimeout(() => this.#open(), wait);
    });
  }

  #close(): void {
    this.#source?.close();
    this.#source = undefined;
  }

  #set(state: LiveState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#options.onState?.(state);
  }
}

function parseChange(data: string): LiveChange | null {
  try {
    const value = JSON.parse(data) as Partial<LiveChange>;
    if (typeof value.complaintId !== 'string') return null;
    return { complaintId: value.complaintId, version: Number(value.version), at: String(value.at ?? '') };
  } catch {
    return null;
  }
}
