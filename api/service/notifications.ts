import type { NotificationStatus, NotificationView } from '../contract/notifications.ts';
import type { Site } from '../contract/site.ts';
import type { NotificationDelivery } from '../store/staff-store.ts';
import type { Store, StoredOutboxMessage } from '../store/store.ts';
import { type Standing, maskEmail, maskPhone } from './access.ts';
import type { Clock } from './complaints.ts';
import { ServiceError } from './errors.ts';

/** A message as staff see it: the complainant's address masked, in the error text too. */
export function notificationView(message: StoredOutboxMessage): NotificationView {
  const r = message.recipient;
  let recipient: NotificationView['recipient'];
  let lastError = message.lastError;
  if (r.kind === 'complainant') {
    // `push` stands for the browsers following the complaint: its address is the complaint's id
    const masked = r.channel === 'email' ? maskEmail(r.address) : r.channel === 'phone' ? maskPhone(r.address) : r.address;
    recipient = { kind: 'complainant', channel: r.channel, address: masked };
    if (lastError) lastError = lastError.split(r.address).join(masked);
  } else {
    recipient = { kind: 'staff', who: r.who };
  }
  return {
    id: message.id,
    complaintId: message.complaintId,
    reference: String(message.payload.reference ?? ''),
    kind: message.kind,
    recipient,
    status: message.status,
    attempts: message.attempts,
    lastError,
    nextAttemptAt: message.nextAttemptAt,
    createdAt: message.createdAt,
    sentAt: message.sentAt,
    deliveredVia: message.deliveredVia,
    foldedInto: message.foldedInto,
  };
}

/** The outbox of a site for its managers (dead letters and their retry), and each member's choice of digest. */
export class Notifications {
  readonly #store: Store;
  readonly #clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** newest first */
  async list(site: Site, query: { status: NotificationStatus; complaint?: string; limit: number }): Promise<NotificationView[]> {
    const messages = await this.#store.outboxMessages({
      siteKey: site.key,
      status: query.status,
      ...(query.complaint ? { complaintId: query.complaint } : {}),
      newestFirst: true,
      limit: query.limit,
    });
    return messages.map(notificationView);
  }

  /** A dead message goes out again, with a fresh count of attempts; the retry is recorded in the audit log. */
  async retry(site: Site, by: Standing, id: string): Promise<NotificationView> {
    const message = await this.#store.getOutboxMessage(id);
    if (!message || message.siteKey !== site.key) throw new ServiceError(404, 'notification_not_found', 'no such message on this site');
    if (message.status !== 'dead') {
      throw new ServiceError(409, 'not_dead', `only a dead message can be retried; this one is ${message.status}`, { details: { status: message.status } });
    }
    const now = this.#clock.now();
    const retried = await this.#store.retryDead(id, now);
    if (!retried) throw new ServiceError(409, 'not_dead', 'someone retried this message just now', { details: { status: 'pending' } });
    await this.#store.staff.appendAudit({
      at: now.toISOString(),
      siteKey: site.key,
      actor: by.user.id,
      action: 'notification-retried',
      target: id,
      details: { kind: message.kind, complaintId: message.complaintId, attempts: message.attempts },
    });
    return notificationView(retried);
  }

  async preference(userId: string): Promise<NotificationDelivery> {
    return (await this.#store.staff.notificationDelivery([userId])).get(userId) ?? 'immediate';
  }

  async setPreference(userId: string, delivery: NotificationDelivery): Promise<NotificationDelivery> {
    await this.#store.staff.setNotificationDelivery(userId, delivery, this.#clock.now().toISOString());
    return delivery;
  }
}
