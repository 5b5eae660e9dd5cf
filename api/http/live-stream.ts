import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Change, LiveBus } from '../notify/live.ts';
import type { Store } from '../store/store.ts';
import type { ComplaintState } from '../workflow/state.ts';

const HEARTBEAT_MS = 25_000;
/**
 * The `retry:` hint: how long a browser waits before reconnecting, spread over a few seconds so
 * that the clients of a restarted server do not all come back in the same instant.
 */
const RETRY_MS = 1_000;
const RETRY_SPREAD_MS = 2_000;
/**
 * A site stream resumes from a little before the time in Last-Event-ID: a change is stamped when
 * it is decided, and one decided earlier may be committed (and heard) later, or on a server whose
 * clock is a little behind. A change sent twice only makes the screen fetch it again.
 */
const SITE_RESUME_SLACK_MS = 5_000;
/** More missed changes than this are not listed: the client is told to load everything again. */
const MAX_REPLAY = 500;

/**
 * How a stream resumes. Each `changed` carries an id; a client reconnecting with that id in
 * `Last-Event-ID` (browsers send it by themselves) is first sent what it missed.
 */
export interface Resume {
  /** the id a client that has heard nothing yet starts from: the id of `ready` */
  start(): string;
  /** whether a Last-Event-ID is one this kind of stream gives out */
  accepts(id: string): boolean;
  /** the id of a change, given the id before it (ids never go back) */
  idOf(change: Change, previous: string): string;
  /** the changes after an id, oldest first; null when they are too many to list */
  after(id: string): Promise<Change[] | null>;
}

export interface LiveStreamOptions {
  topic: string;
  /** sent first, so the screen knows from which version it hears changes */
  ready: unknown;
  /** what of a change this listener may hear; nothing when it answers null */
  view?: (change: Change) => Promise<unknown> | unknown;
  /** the stream ends after this long: the browser reconnects and is let in again (or not) */
  maxMs?: number;
  /** without it, a change's id is its version and a reconnect is not caught up */
  resume?: Resume;
}

/**
 * Server-sent events of a bus topic: `ready` (with the `retry:` hint), then `changed` per change,
 * with a comment now and then so proxies keep the connection open. Ends when the client goes or
 * after `maxMs`.
 *
 * With `resume`, every event carries an id. A client that reconnects with `Last-Event-ID` gets,
 * right after `ready`, a `changed` for each change it missed that it may see; when the bus itself
 * may have missed changes (its database connection was down) the stream looks them up in the
 * store in the same way. When they are too many to list, a `resync` event tells the client to load
 * everything again (and, in the middle of a stream, the stream ends, so that the browser
 * reconnects and a client that does not know `resync` starts afresh too).
 */
export function liveStream(c: Context, bus: LiveBus, options: LiveStreamOptions): Response {
  const view = options.view ?? ((change: Change) => ({ version: change.version, at: change.at }));
  const { resume } = options;
  const lastEventId = c.req.header('Last-Event-ID')?.trim();
  const resumeFrom = resume && lastEventId && resume.accepts(lastEventId) ? lastEventId : undefined;
  c.header('Cache-Control', 'no-store');
  // nginx and the like must pass the events on as they come
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    let finish = () => {};
    const closed = new Promise<void>((resolve) => {
      finish = resolve;
      stream.onAbort(resolve);
      if (options.maxMs) setTimeout(resolve, options.maxMs).unref();
    });
    /** the id of the last change handled: where a catch-up starts */
    let position = resume ? (resumeFrom ?? resume.start()) : '';
    const send = async (change: Change) => {
      if (resume) position = resume.idOf(change, position);
      const data = await view(change);
      if (data === null || stream.aborted) return;
      await stream.writeSSE({ event: 'changed', id: resume ? position : String(change.version), data: JSON.stringify(data) });
    };
    const catchUp = async (from: string, midStream: boolean) => {
      const missed = await resume!.after(from);
      if (missed === null) {
        position = resume!.start();
        await stream.writeSSE({ event: 'resync', id: position, data: JSON.stringify({ at: new Date().toISOString() }) });
        // A client that does not know `resync` starts afresh all the same: the browser reconnects,
        // and a screen loads everything again on a `ready` after a reconnect.
        if (midStream) finish();
        return;
      }
      for (const change of missed) await send(change);
    };
    // changes are written in the order they happened, even when their views take time
    let written = Promise.resolve();
    const inOrder = (work: () => Promise<void>) => {
      written = written.then(work).catch(() => undefined);
    };
    inOrder(async () => {
      await stream.writeSSE({
        event: 'ready',
        data: JSON.stringify(options.ready),
        retry: RETRY_MS + Math.floor(Math.random() * RETRY_SPREAD_MS),
        ...(resume ? { id: position } : {}),
      });
      if (resumeFrom) await catchUp(resumeFrom, false);
    });
    const unsubscribe = bus.subscribe(options.topic, (change) => inOrder(() => send(change)));
    const unsubscribeResync = resume ? bus.onResync(() => inOrder(() => catchUp(position, true))) : () => undefined;
    const heartbeat = setInterval(() => void stream.write(': still here\n\n'), HEARTBEAT_MS);
    await closed;
    clearInterval(heartbeat);
    unsubscribe();
    unsubscribeResync();
  });
}

const changeOf = (state: ComplaintState): Change => ({ siteKey: state.siteKey, complaintId: state.id, version: state.version, at: state.updatedAt });

/** One complaint's stream: the id is the complaint's version; a client behind is sent one `changed` with the latest. */
export function complaintResume(store: Store, state: ComplaintState): Resume {
  return {
    start: () => String(state.version),
    accepts: (id) => /^\d{1,9}$/.test(id),
    idOf: (change, previous) => String(Math.max(change.version, Number(previous))),
    after: async (id) => {
      const now = await store.getComplaint(state.id);
      return now && now.version > Number(id) ? [changeOf(now)] : [];
    },
  };
}

/** the form of `Date.prototype.toISOString`, which every id and change time has */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A site's stream: the id is the time of the latest change sent (an ISO time, never going back);
 * a client reconnecting with it gets a `changed` for each complaint of the site changed since (from
 * a little before it), as the read model has them now.
 */
export function siteResume(store: Store, siteKey: string): Resume {
  return {
    start: () => new Date().toISOString(),
    accepts: (id) => ISO_TIME.test(id) && Number.isFinite(Date.parse(id)),
    idOf: (change, previous) => (change.at > previous ? change.at : previous),
    after: async (id) => {
      const from = new Date(Date.parse(id) - SITE_RESUME_SLACK_MS).toISOString();
      const rows = await store.changedAfter(siteKey, from, MAX_REPLAY + 1);
      if (rows.length > MAX_REPLAY) return null;
      return rows.map((row) => ({ siteKey, ...row }));
    },
  };
}
