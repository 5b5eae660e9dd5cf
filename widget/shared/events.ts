/** Fired when a complaint was filed: the page may show its own thanks or open the tracker. */
export class ComplaintSubmittedEvent extends Event {
  static readonly eventName = 'complaint-submitted';
  readonly detail: { reference: string; accessCode: string };

  constructor(detail: { reference: string; accessCode: string }) {
    super(ComplaintSubmittedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired when a complaint could not be sent now and waits in the browser to be sent later. */
export class ComplaintQueuedEvent extends Event {
  static readonly eventName = 'complaint-queued';
  /** `id` is the complaint's Idempotency-Key: the same complaint whenever it is sent */
  readonly detail: { id: string };

  constructor(detail: { id: string }) {
    super(ComplaintQueuedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

/** Fired when the service refused a complaint for good (it will not be sent again as it is). */
export class ComplaintFailedEvent extends Event {
  static readonly eventName = 'complaint-failed';
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
