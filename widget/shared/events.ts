/**
 * The events `<complaint-form>` fires. They bubble and cross shadow roots (`composed`), so a
 * host page can listen on the element, on a container or on `document`.
 */

/**
 * `complaint-submitted`: the service has the complaint. Fired when it was sent at once, and when
 * a complaint kept in the browser was sent later (after the connection came back, in another
 * tab, after a reload or by a service worker): each form tells its page once about each receipt
 * it shows. The page may show its own thanks or open the tracker with `detail`.
 */
export class ComplaintSubmittedEvent extends Event {
  static readonly eventName = 'complaint-submitted';
  /** what the resident needs to follow the complaint in `<complaint-tracker>` */
  readonly detail: { reference: string; accessCode: string };

  constructor(detail: { reference: string; accessCode: string }) {
    super(ComplaintSubmittedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/**
 * `complaint-queued`: a complaint the form took could not be sent at once (no connection, or the
 * service was busy) and is stored in the browser, to be sent by itself later. Emergencies are
 * never queued.
 */
export class ComplaintQueuedEvent extends Event {
  static readonly eventName = 'complaint-queued';
  /** `id` is the complaint's Idempotency-Key: the same complaint whenever it is sent */
  readonly detail: { id: string };

  constructor(detail: { id: string }) {
    super(ComplaintQueuedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/**
 * `complaint-failed`: the service refused a stored complaint for good (a 4xx other than 408 and
 * 429), so it will not be sent again as it is. It stays stored, with the service's reasons,
 * until the resident corrects and resends it or discards it.
 */
export class ComplaintFailedEvent extends Event {
  static readonly eventName = 'complaint-failed';
  /** the complaint's Idempotency-Key, and the service's error code and message */
  readonly detail: { id: string; code: string; message: string };

  constructor(detail: { id: string; code: string; message: string }) {
    super(ComplaintFailedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'complaint-submitted': ComplaintSubmittedEvent;
    'complaint-queued': ComplaintQueuedEvent;
    'complaint-failed': ComplaintFailedEvent;
  }
}
