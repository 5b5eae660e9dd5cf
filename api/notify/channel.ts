import type { StoredEvent } from '../contract/events.ts';
import type { Site } from '../contract/site.ts';
import type { OutboxMessage, Recipient, StoredOutboxMessage } from '../store/store.ts';
import type { ComplaintState } from '../workflow/state.ts';

/**
 * A way of reaching people: email, Web Push, a site's webhook. The dispatcher hands each due
 * outbox message to every channel that accepts it, and marks the message sent once all of them
 * have delivered it. A channel that fails is tried again later with backoff; channels that
 * already delivered the message are not asked again (each records its success).
 *
 * Delivery is at least once: after a crash between a channel's success and its record, the
 * channel is asked again with the same `Delivery.id`. Every channel must pass that id on (an
 * email's `Message-ID` and `X-Complaint-Message-Id`, a webhook's message id, a push payload's
 * id) so the receiver can drop a repeat.
 *
 * A message no channel accepts (a phone number while no channel sends text messages) stays
 * pending, with `lastError` saying so, and is looked at again now and then: a channel added
 * later delivers it.
 */
export interface Channel {
  /** short and stable: it is recorded with each message the channel delivered */
  readonly name: string;
  /**
   * Whether this channel reaches the message's recipient: from the message alone (email), or
   * from what the site has set up for it too (a webhook subscribed to the kind, a browser
   * subscribed to push messages). Asked again at each attempt.
   */
  accepts(message: OutboxMessage, site: Site): boolean | Promise<boolean>;
  /** delivers, or throws an Error whose message says why not (it is kept as the message's `lastError`) */
  deliver(delivery: Delivery, context: DeliveryContext): Promise<void>;
  /** lets go of connections when the server stops */
  close?(): Promise<void> | void;
}

/** One delivery: an outbox message, and the later messages folded into it. */
export interface Delivery {
  /** the id receivers deduplicate on: the first message's id; a retry of this delivery carries it again */
  id: string;
  siteKey: string;
  recipient: Recipient;
  /**
   * Every message this delivery carries: the one whose id it has first, then those folded into
   * it, oldest first. More than one when repeats of a kind within the throttling interval were
   * folded together, or for a staff member's daily digest.
   */
  messages: StoredOutboxMessage[];
  /** a daily digest: messages of several complaints and kinds for one member of staff */
  digest: boolean;
}

/** A staff account a staff recipient's name stands for, on the message's site. */
export interface StaffAccount {
  id: string;
  name: string;
  email: string;
}

/** Addresses a message may point to, on this server's public address (`PUBLIC_URL`). */
export interface NotificationLinks {
  /** the resident app's tracker, opened on the complaint by a signed key that stands in for the access code */
  tracking(site: Site, complaint: { id: string; reference: string }): Promise<string>;
  /** the satisfaction survey for the feedback event `eventSeq`: signed, answered once */
  survey(site: Site, complaintId: string, eventSeq: number): Promise<string>;
  /** the complaint in the staff portal (sign-in needed) */
  staffComplaint(site: Site, complaintId: string): string;
  /** the site's queue in the staff portal (sign-in needed) */
  staffSite(site: Site): string;
}

/** What a channel may need besides the message. */
export interface DeliveryContext {
  site: Site;
  /** for a staff recipient, the accounts the name stands for (never empty); for a complainant, none */
  staff: StaffAccount[];
  now: Date;
  links: NotificationLinks;
  /** the complaint as it stands now (read once per delivery) */
  complaint(id: string): Promise<ComplaintState | null>;
  /** the complaint's events, for facts a message's payload does not carry (a result's basis) */
  events(id: string): Promise<StoredEvent[]>;
}

/** How the recipient is reached, in words for `lastError`: `email`, `phone`, `push`, `staff`. */
export function recipientMeans(recipient: Recipient): string {
  return recipient.kind === 'staff' ? 'staff' : recipient.channel;
}

/** One key per recipient: messages with the same key go to the same person by the same means. */
export function recipientKey(recipient: Recipient): string {
  return recipient.kind === 'staff' ? `staff:${recipient.who}` : `${recipient.channel}:${recipient.address}`;
}
