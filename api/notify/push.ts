import webpush from 'web-push';
import type { Site } from '../contract/site.ts';
import type { PushSubscriptionRecord } from '../store/channel-store.ts';
import type { OutboxMessage, Store } from '../store/store.ts';
import { clip, renderBrief } from './brief.ts';
import type { Channel, Delivery, DeliveryContext } from './channel.ts';
import { staffAccountsFor } from './staff-recipients.ts';
import { originOf } from './targets.ts';

/** The server's VAPID key pair: made on first start, kept as a server secret, the same ever after. */
const VAPID_SECRET = 'web-push-vapid-keys';

export interface VapidKeys {
  /** the uncompressed P-256 point, base64url: what browsers subscribe with (`applicationServerKey`) */
  publicKey: string;
  privateKey: string;
}

/** How long a push service keeps a message for a browser that is offline, and how soon it matters. */
export type Urgency = 'very-low' | 'low' | 'normal' | 'high';
const HOUR = 3600;
const DAY = 24 * HOUR;
const DELIVERY: Record<string, { ttl: number; urgency: Urgency }> = {
  'deadline-breach': { ttl: DAY, urgency: 'high' },
  escalation: { ttl: DAY, urgency: 'high' },
  'deadline-warning': { ttl: 12 * HOUR, urgency: 'high' },
  assignment: { ttl: 3 * DAY, urgency: 'normal' },
  digest: { ttl: DAY, urgency: 'low' },
};
/** the complainant's messages: a week, at normal urgency */
const DEFAULT_DELIVERY = { ttl: 7 * DAY, urgency: 'normal' as Urgency };

export function pushDeliveryOf(kind: string): { ttl: number; urgency: Urgency } {
  return DELIVERY[kind] ?? DEFAULT_DELIVERY;
}

/** What a push message carries (encrypted for the browser): what the service worker shows and opens. */
export interface PushPayload {
  /** the delivery's id, the same on every retry: the notification's tag, so a repeat replaces it */
  id: string;
  kind: string;
  site: string;
  /** the complaint's reference (not for a digest) */
  reference?: string;
  title: string;
  body: string;
  /** what a click opens */
  url: string;
}

/**
 * The server's side of Web Push: its VAPID keys (kept in the store), the contact push services
 * see in every request (`subject`), and which endpoints it may post to.
 */
export class WebPush {
  readonly #store: Store;
  readonly subject: string;
  /** accept `http://` endpoints on this machine (a test's push service); never for a real deployment */
  readonly loopbackHttp: boolean;
  #keys: Promise<VapidKeys> | undefined;

  constructor(store: Store, options: { subject: string; loopbackHttp?: boolean }) {
    if (!/^(?:mailto:|https:\/\/)/.test(options.subject)) throw new Error(`the VAPID contact must be a mailto: or https: address, not "${options.subject}"`);
    this.#store = store;
    this.subject = options.subject;
    this.loopbackHttp = options.loopbackHttp ?? false;
  }

  /** The contact push services are given: the sender's address, else this server's https address. */
  static subjectFor(config: { mailFrom?: string | undefined; publicUrl: string }): string {
    if (config.mailFrom) return `mailto:${config.mailFrom}`;
    const url = new URL(config.publicUrl);
    return url.protocol === 'https:' ? url.origin : `mailto:complaints@${url.hostname.replace(/^\[|\]$/g, '') || 'localhost'}`;
  }

  /** Created on first use and kept: every later start, and every server process on the database, uses the same. */
  keys(): Promise<VapidKeys> {
    this.#keys ??= this.#store.secret(VAPID_SECRET, () => JSON.stringify(webpush.generateVAPIDKeys())).then((value) => {
      const keys = JSON.parse(value) as VapidKeys;
      if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string') throw new Error('the kept VAPID keys are not readable');
      return keys;
    });
    return this.#keys;
  }

  async publicKey(): Promise<string> {
    return (await this.keys()).publicKey;
  }

  /** The request that delivers `payload` to one browser: encrypted (aes128gcm), with a VAPID JWT for the endpoint's origin. */
  async request(subscription: Pick<PushSubscriptionRecord, 'endpoint' | 'p256dh' | 'auth'>, payload: string, options: { ttl: number; urgency: Urgency }) {
    const keys = await this.keys();
    return webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
      vapidDetails: { subject: this.subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: options.ttl,
      urgency: options.urgency,
      contentEncoding: 'aes128gcm',
    });
  }
}

export interface PushChannelOptions {
  /** how long a push service may take to answer */
  timeoutMs?: number;
}

/**
 * Web Push. Reaches the browsers that follow a complaint (the complainant's tracker) and those
 * of the members of staff a message names, where they turned push messages on in the portal.
 * Each message is the delivery's title, words and address in the reader's language, and its id,
 * which the service worker uses as the notification's tag: a repeat replaces the notification.
 *
 * A complaint's message goes by push besides the complainant's email or text message when
 * browsers follow it, and alone when the complainant left no address. A push service that
 * answers 404 or 410 has dropped the subscription: it is removed, and that browser is done.
 */
export class PushChannel implements Channel {
  readonly name = 'push';
  readonly #store: Store;
  readonly #push: WebPush;
  readonly #timeoutMs: number;

  constructor(store: Store, push: WebPush, options: PushChannelOptions = {}) {
    this.#store = store;
    this.#push = push;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async accepts(message: OutboxMessage, site: Site): Promise<boolean> {
    const recipient = message.recipient;
    if (recipient.kind === 'complainant') {
      // written only for a followed complaint: if nobody follows it any more, it is done
      if (recipient.channel === 'push') return true;
      return this.#store.channels.hasComplaintPushSubscription(message.complaintId);
    }
    const accounts = staffAccountsFor(recipient.who, site.key, await this.#store.staff.listUsers(site.key));
    return (await this.#store.channels.memberPushSubscriptions(site.key, accounts.map((a) => a.id))).length > 0;
  }

  async deliver(delivery: Delivery, context: DeliveryContext): Promise<void> {
    const subscriptions = await this.#subscriptions(delivery, context);
    if (!subscriptions.length) return;
    const brief = await renderBrief(delivery, context);
    const first = delivery.messages[0]!;
    const kind = delivery.digest ? 'digest' : first.kind;
    const payload: PushPayload = {
      id: delivery.id,
      kind,
      site: context.site.key,
      ...(delivery.digest ? {} : { reference: String(first.payload.reference ?? '') }),
      title: clip(brief.title, 120),
      body: clip(brief.text, 400),
      url: brief.url,
    };
    const body = JSON.stringify(payload);
    const failures: string[] = [];
    for (const subscription of subscriptions) {
      const problem = await this.#send(subscription, body, pushDeliveryOf(kind));
      if (problem) failures.push(problem);
    }
    if (failures.length) throw new Error(failures.join('; '));
  }

  /** Whom the delivery reaches: one subscription per browser. */
  async #subscriptions(delivery: Delivery, context: DeliveryContext): Promise<PushSubscriptionRecord[]> {
    const found =
      delivery.recipient.kind === 'complainant'
        ? await this.#store.channels.complaintPushSubscriptions(delivery.messages[0]!.complaintId)
        : await this.#store.channels.memberPushSubscriptions(
            context.site.key,
            context.staff.map((account) => account.id),
          );
    const byEndpoint = new Map<string, PushSubscriptionRecord>();
    for (const subscription of found) byEndpoint.set(subscription.endpoint, subscription);
    return [...byEndpoint.values()];
  }

  /** Posts one message to one browser's push service; the reason it failed, or null. */
  async #send(subscription: PushSubscriptionRecord, payload: string, options: { ttl: number; urgency: Urgency }): Promise<string | null> {
    const request = await this.#push.request(subscription, payload, options);
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        // fetch counts the body itself
        .filter(([name]) => name.toLowerCase() !== 'content-length')
        .map(([name, value]) => [name, String(value)]),
    );
    const where = originOf(subscription.endpoint);
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: 'POST',
        headers,
        body: request.body as Uint8Array<ArrayBuffer>,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.#timeoutMs} ms` : (error as Error).message;
      return `push service ${where}: ${reason}`;
    }
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 404 || response.status === 410) {
      // the browser unsubscribed, or the subscription expired: it will never take a message again
      await this.#store.channels.deletePushEndpoint(subscription.endpoint);
      return null;
    }
    if (response.status >= 200 && response.status < 300) return null;
    return `push service ${where} answered ${response.status}`;
  }
}
