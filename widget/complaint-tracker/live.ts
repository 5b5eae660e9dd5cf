import type { ComplaintApi } from './complaint-api.ts';

/** Wait before asking for a new ticket after the stream broke, growing to five minutes. */
const RETRY_MS = [2_000, 10_000, 30_000, 120_000, 300_000];

/**
 * Follows one complaint's changes over server-sent events while the tracker shows it. The
 * stream needs a short-lived signed ticket (an EventSource cannot send the access code); when
 * the stream ends for good (the ticket expired, the server restarted) a new ticket is fetched.
 * Without EventSource, or under a page policy that forbids it, the tracker simply stays static.
 */
export class LiveFollow {
  readonly #complaint: ComplaintApi;
  readonly #onChange: (version: number) => void;
  #source: EventSource | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #stopped = false;

  constructor(complaint: ComplaintApi, onChange: (version: number) => void) {
    this.#complaint = complaint;
    this.#onChange = onChange;
    if (typeof EventSource === 'function') void this.#open();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#source?.close();
  }

  async #open(): Promise<void> {
    let url: string;
    try {
      url = await this.#complaint.liveUrl();
    } catch {
      this.#retry();
      return;
    }
    if (this.#stopped) return;
    const source = new EventSource(url);
    this.#source = source;
    source.addEventListener('ready', () => {
      this.#failures = 0;
    });
    source.addEventListener('changed', (event) => {
      const version = Number(JSON.parse((event as MessageEvent<string>).data).version);
      this.#onChange(version);
    });
    source.addEventListener('error', () => {
      // EventSource reconnects by itself while it can; CLOSED means the ticket is no good any more
      if (source.readyState !== EventSource.CLOSED) return;
      source.close();
      this.#retry();
    });
  }

  #retry(): void {
    if (this.#stopped) return;
    const wait = RETRY_MS[Math.min(this.#failures, RETRY_MS.length - 1)]!;
    this.#failures += 1;
    this.#timer = setTimeout(() => void this.#open(), wait);
  }
}
