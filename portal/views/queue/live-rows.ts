import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { QueueItem } from '../../../api/contract/staff-api.ts';
import type { PortalContext } from '../../shared/context.ts';
import { StaffApiError } from '../../shared/staff-api.ts';
import { toQueueItem } from './query.ts';

/*
 * What the queue and the desk share as they follow the site's complaints live: their work runs
 * while they are in the page, a change is fetched once however often it is heard, and a row that
 * just arrived is marked for a while.
 */

/** Whether two contexts are for the same site and member (the portal hands a new one at each of its renders). */
const sameSiteAndMember = (a: PortalContext | undefined, b: PortalContext): boolean => a?.site === b.site && a.session.user.id === b.session.user.id;

type WorkHost = ReactiveControllerHost & HTMLElement & { portal: PortalContext | undefined };

/**
 * A screen's work for its site (loading, the live stream, timers): started once the screen is in
 * the page with a context, stopped when it leaves, and started again for another site or member.
 */
export class SiteWork implements ReactiveController {
  readonly #host: WorkHost;
  readonly #start: () => void;
  readonly #stop: () => void;
  /** the context the work was started for */
  #startedFor: PortalContext | undefined;

  constructor(host: WorkHost, work: { start: () => void; stop: () => void }) {
    this.#host = host;
    this.#start = work.start;
    this.#stop = work.stop;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#host.portal && !this.#startedFor) this.#begin(this.#host.portal);
  }

  hostDisconnected(): void {
    this.#end();
  }

  hostUpdate(): void {
    // a new context object for the same site and member changes nothing
    const portal = this.#host.portal;
    if (portal && this.#host.isConnected && !sameSiteAndMember(this.#startedFor, portal)) {
      this.#end();
      this.#begin(portal);
    }
  }

  #begin(portal: PortalContext): void {
    this.#startedFor = portal;
    this.#start();
  }

  #end(): void {
    this.#startedFor = undefined;
    this.#stop();
  }
}

/** Fetches the complaints the live stream says changed, each version once. */
export class ChangedRows {
  /** the version being fetched, by complaint: a burst of changes to one complaint fetches it once more at most */
  readonly #fetching = new Map<string, number>();

  /**
   * The complaint as a row, once it is at `version` or later: null when it is gone from the
   * member's view (moved to a department they do not work, merged away); undefined when there is
   * nothing to do — `shown` is that recent already, it is being fetched, or the request failed.
   */
  async fetch(portal: PortalContext, id: string, version: number, shown: QueueItem | undefined): Promise<QueueItem | null | undefined> {
    if (shown && shown.version >= version) return undefined;
    if ((this.#fetching.get(id) ?? 0) >= version) return undefined;
    this.#fetching.set(id, version);
    try {
      return toQueueItem(await portal.api.complaint(portal.site, id));
    } catch (error) {
      if (error instanceof StaffApiError && (error.status === 404 || error.status === 403)) return null;
      return undefined;
    } finally {
      if (this.#fetching.get(id) === version) this.#fetching.delete(id);
    }
  }
}

/** The rows marked fresh less than `ms` ago (the same map when none has expired). */
export function stillFresh(fresh: ReadonlyMap<string, number>, ms: number, now = Date.now()): ReadonlyMap<string, number> {
  if (!fresh.size) return fresh;
  const kept = new Map([...fresh].filter(([, at]) => now - at < ms));
  return kept.size === fresh.size ? fresh : kept;
}
