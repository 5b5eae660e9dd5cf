import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Change, LiveBus } from '../notify/live.ts';

const HEARTBEAT_MS = 25_000;

export interface LiveStreamOptions {
  topic: string;
  /** sent first, so the screen knows from which version it hears changes */
  ready: unknown;
  /** what of a change this listener may hear; nothing when it answers null */
  view?: (change: Change) => Promise<unknown> | unknown;
  /** the stream ends after this long: the browser reconnects and is let in again (or not) */
  maxMs?: number;
}

/**
 * Server-sent events of a bus topic: `ready`, then `changed` per change, with a comment now and
 * then so proxies keep the connection open. Ends when the client goes or after `maxMs`.
 */
export function liveStream(c: Context, bus: LiveBus, options: LiveStreamOptions): Response {
  const view = options.view ?? ((change: Change) => ({ version: change.version, at: change.at }));
  c.header('Cache-Control', 'no-store');
  // nginx and the like must pass the events on as they come
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const closed = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      if (options.maxMs) setTimeout(resolve, options.maxMs).unref();
    });
    // changes are written in the order they happened, even when their views take time
    let written = Promise.resolve();
    const unsubscribe = bus.subscribe(options.topic, (change) => {
      written = written.then(async () => {
        const data = await view(change);
        if (data !== null && !stream.aborted) await stream.writeSSE({ event: 'changed', id: String(change.version), data: JSON.stringify(data) });
      }).catch(() => undefined);
    });
    await stream.writeSSE({ event: 'ready', data: JSON.stringify(options.ready) });
    const heartbeat = setInterval(() => void stream.write(': still here\n\n'), HEARTBEAT_MS);
    await closed;
    clearInterval(heartbeat);
    unsubscribe();
  });
}
