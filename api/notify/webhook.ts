import { createHmac, randomBytes } from 'node:crypto';
import type { Site } from '../contract/site.ts';
import type { Clock } from '../service/complaints.ts';
import type { WebhookRecord } from '../store/channel-store.ts';
import type { OutboxMessage, Store } from '../store/store.ts';
import { type Brief, renderBrief } from './brief.ts';
import { type Channel, type Delivery, type DeliveryContext, recipientMeans } from './channel.ts';
import { originOf } from './targets.ts';

/** `whsec_` and 32 random bytes in base64: the Standard Webhooks form of a signing secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The Standard Webhooks signature of a request: `v1,` and the base64 HMAC-SHA256, keyed with
 * the secret's bytes (the base64 after `whsec_`), of `{webhook-id}.{webhook-timestamp}.{body}`.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * What a webhook is posted: `{ type, timestamp, data }`. Personal data only where the webhook is
 * how the recipient is reached: a phone number for a message to a complainant who gave one (a
 * text-message gateway sends it), with the link that opens the complaint; staff are named as the
 * workflow names them, with the portal's link (which needs a sign-in). A message to an email
 * address carries neither the address nor the link: the server sends that email itself.
 */
export interface WebhookPayload {
  /** the message kind (`receipt`, `assignment`, …), or `digest` for a member's daily digest */
  type: string;
  /** when the event it tells of happened (the first message's), ISO 8601 */
  timestamp: string;
  data: {
    /** the same as `webhook-id`: receivers drop a repeat by it */
    id: string;
    site: string;
    reference: string | null;
    recipient: { kind: 'complainant'; channel: 'phone'; phone: string } | { kind: 'complainant'; channel: 'email' | 'push' } | { kind: 'staff'; who: string };
    /** the language of `title` and `text`: the complaint's for the complainant, the site's for staff */
    language: string;
    title: string;
    text: string;
    /** what to open; only for a phone number or staff (see above) */
    url: string | null;
    /** every message the delivery carries: repeats within the throttling interval travel together */
    messages: { id: string; kind: string; reference: string; at: string }[];
  };
}

export function webhookPayload(delivery: Delivery, brief: Brief, site: Site): WebhookPayload {
  const first = delivery.messages[0]!;
  const r = delivery.recipient;
  const recipient: WebhookPayload['data']['recipient'] =
    r.kind === 'staff'
      ? { kind: 'staff', who: r.who }
      : r.channel === 'phone'
        ? { kind: 'complainant', channel: 'phone', phone: r.address }
        : { kind: 'complainant', channel: r.channel };
  const reaches = r.kind === 'staff' || r.channel === 'phone';
  return {
    type: delivery.digest ? 'digest' : first.kind,
    timestamp: first.createdAt,
    data: {
      id: delivery.id,
      site: site.key,
      reference: delivery.digest ? null : String(first.payload.reference ?? ''),
      recipient,
      language: brief.locale,
      title: brief.title,
      text: brief.text,
      url: reaches ? brief.url : null,
      messages: delivery.messages.map((m) => ({ id: m.id, kind: m.kind, reference: String(m.payload.reference ?? ''), at: m.createdAt })),
    },
  };
}

export interface WebhookChannelOptions {
  /** how long a receiver may take to answer */
  timeoutMs?: number;
  /** the time the requests are signed with and the log is written in: the real time, whatever the dispatcher's clock */
  clock?: Clock;
  /** how long the delivery log keeps an attempt */
  logDays?: number;
}

/**
 * A site's webhooks, as a channel of the outbox: each message goes to every enabled webhook of
 * its site that subscribes to its kind and to its kind of recipient, signed per Standard
 * Webhooks, and every attempt is logged. A receiver that fails (not 2xx, no answer, a redirect)
 * fails the delivery, which the dispatcher tries again with backoff and at last gives up on
 * (dead, for a manager to retry); receivers that took the message already are not sent it again.
 */
export class WebhookChannel implements Channel {
  readonly name = 'webhook';
  readonly #store: Store;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #logMs: number;
  #prunedAt = 0;

  constructor(store: Store, options: WebhookChannelOptions = {}) {
    this.#store = store;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#logMs = (options.logDays ?? 30) * 86_400_000;
  }

  async accepts(message: OutboxMessage, site: Site): Promise<boolean> {
    return (await this.#matching(site.key, message)).length > 0;
  }

  async #matching(siteKey: string, message: OutboxMessage): Promise<WebhookRecord[]> {
    const means = recipientMeans(message.recipient);
    return (await this.#store.channels.listWebhooks(siteKey)).filter(
      (hook) => hook.enabled && hook.events.includes(message.kind) && (hook.recipients as string[]).includes(means),
    );
  }

  async deliver(delivery: Delivery, context: DeliveryContext): Promise<void> {
    // changed since it was accepted (disabled, deleted): nothing is owed to it any more
    const hooks = await this.#matching(context.site.key, delivery.messages[0]!);
    if (!hooks.length) return;
    const payload = webhookPayload(delivery, await renderBrief(delivery, context), context.site);
    const body = JSON.stringify(payload);
    const failures: string[] = [];
    for (const hook of hooks) {
      if (await this.#store.channels.webhookDelivered(hook.id, delivery.id)) continue;
      const problem = await this.#post(hook, delivery.id, payload.type, body);
      if (problem) failures.push(`${originOf(hook.url)}: ${problem}`);
    }
    await this.#prune();
    if (failures.length) throw new Error(failures.join('; '));
  }

  /** One attempt, logged; the reason it failed, or null. */
  async #post(hook: WebhookRecord, id: string, type: string, body: string): Promise<string | null> {
    const attemptedAt = this.#clock.now();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'complaint-desk-webhooks',
          'webhook-id': id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signWebhook(hook.secret, id, timestamp, body),
        },
        body,
        // a receiver that moved says so by its configuration, not by a redirect
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `answered ${statusCode}`;
    } catch (failure) {
      const reason = failure as Error & { cause?: { code?: string; message?: string } };
      error =
        reason.name === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs} ms`
          : (reason.cause?.code ?? reason.cause?.message ?? reason.message ?? String(failure));
    }
    await this.#store.channels.recordWebhookAttempt({
      webhookId: hook.id,
      messageId: id,
      type,
      attemptedAt: attemptedAt.toISOString(),
      statusCode,
      durationMs: performance.now() - started,
      error,
      ok: error === null,
    });
    return error;
  }

  /** The log keeps `logDays`: looked at once an hour. */
  async #prune(): Promise<void> {
    const now = this.#clock.now().getTime();
    if (now - this.#prunedAt < 3_600_000) return;
    this.#prunedAt = now;
    await this.#store.channels.pruneWebhookAttempts(new Date(now - this.#logMs).toISOString());
  }
}
