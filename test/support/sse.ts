/** One server-sent event as a browser's EventSource would see it, and when it arrived. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
  retry?: number;
  /** performance.now() when its last line arrived */
  receivedAt: number;
}

/**
 * A server-sent events stream read over real HTTP with fetch, parsed as EventSource parses it
 * (without reconnecting by itself: a test reconnects on purpose, with `Last-Event-ID`).
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly status: number;
  readonly #controller: AbortController;
  readonly #done: Promise<void>;
  #waiters = new Set<() => void>();
  #ended = false;
  #failure: Error | undefined;

  private constructor(response: Response, controller: AbortController) {
    this.status = response.status;
    this.#controller = controller;
    this.#done = this.#read(response);
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
    if (response.status !== 200 || !response.headers.get('content-type')?.includes('text/event-stream')) {
      controller.abort();
      throw new Error(`${url} answered ${response.status} ${response.headers.get('content-type')}, not an event stream: ${await response.text().catch(() => '')}`);
    }
    return new SseClient(response, controller);
  }

  /** the id the browser would send back when it reconnects: the last id any event carried */
  get lastEventId(): string | undefined {
    return this.events.findLast((e) => e.id !== undefined)?.id;
  }

  /** `changed` events' data, parsed */
  changes(): { complaintId?: string; version: number; at: string }[] {
    return this.events.filter((e) => e.event === 'changed').map((e) => JSON.parse(e.data));
  }

  /** The first event (from `from` on) that matches, as soon as it has arrived; fails after `timeoutMs` saying what did arrive. */
  async waitFor(match: (event: SseEvent) => boolean, timeoutMs = 5_000, from = 0): Promise<SseEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0 || this.#ended) {
        const seen = this.events.map((e) => `${e.event} ${e.id ?? ''} ${e.data}`).join('\n  ');
        const why = this.#ended ? `before the stream ended${this.#failure ? ` (${this.#failure.message})` : ''}` : `within ${timeoutMs} ms`;
        throw new Error(`no matching event ${why}; received:\n  ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiters = this.#waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** The first `changed` event whose data matches. */
  waitForChange(match: (data: { complaintId?: string; version: number; at: string }) => boolean, timeoutMs?: number): Promise<SseEvent> {
    return this.waitFor((e) => e.event === 'changed' && match(JSON.parse(e.data)), timeoutMs);
  }

  /** Resolves when the server ends the stream; fails after `timeoutMs`. */
  async ended(timeoutMs = 5_000): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the stream did not end within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.#done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }

  async #read(response: Response): Promise<void> {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let current: Partial<SseEvent> & { dataLines: string[] } = { dataLines: [] };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (current.dataLines.length) {
              this.events.push({
                event: current.event ?? 'message',
                data: current.dataLines.join('\n'),
                ...(current.id !== undefined ? { id: current.id } : {}),
                ...(current.retry !== undefined ? { retry: current.retry } : {}),
                receivedAt: performance.now(),
              });
              this.#wake();
            }
            current = { dataLines: [] };
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') current.event = text;
          else if (field === 'data') current.dataLines.push(text);
          else if (field === 'id') current.id = text;
          else if (field === 'retry' && /^\d+$/.test(text)) current.retry = Number(text);
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.#failure = error as Error;
    } finally {
      this.#ended = true;
      this.#wake();
    }
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
