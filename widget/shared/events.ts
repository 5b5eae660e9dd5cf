/** Fired when a complaint was filed: the page may show its own thanks or open the tracker. */
export class ComplaintSubmittedEvent extends Event {
  static readonly eventName = 'complaint-submitted';
  readonly detail: { reference: string; accessCode: string };

  constructor(detail: { reference: string; accessCode: string }) {
    super(ComplaintSubmittedEvent.eventName, { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'complaint-submitted': ComplaintSubmittedEvent;
  }
}
