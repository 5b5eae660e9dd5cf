import { randomUUID } from 'node:crypto';
import type { Site } from '../contract/site.ts';
import type { WebhookAttemptView, WebhookView } from '../contract/webhooks.ts';
import { newWebhookSecret } from '../notify/webhook.ts';
import { originOf, targetProblem } from '../notify/targets.ts';
import type { WebhookChange, WebhookRecipients, WebhookRecord } from '../store/channel-store.ts';
import type { Store } from '../store/store.ts';
import { type Clock, systemClock } from './complaints.ts';
import { ServiceError } from './errors.ts';

export interface NewWebhookInput {
  url: string;
  events: string[];
  recipients: WebhookRecipients[];
  enabled: boolean;
  description?: string | undefined;
}

export type WebhookChangeInput = Partial<Omit<NewWebhookInput, 'description'>> & { description?: string | null | undefined };

export const webhookView = (w: WebhookRecord): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events as WebhookView['events'],
  recipients: w.recipients,
  enabled: w.enabled,
  description: w.description,
  createdAt: w.createdAt,
  updatedAt: w.updatedAt,
});

/**
 * A site's webhooks, set up by its managers and administrators: where messages of the chosen
 * kinds are posted, each signed with the webhook's secret, which is shown once, when the webhook
 * is made. Every change is written to the audit log (never the secret).
 */
export class Webhooks {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #loopbackHttp: boolean;

  /** `loopbackHttp`: accept `http://` addresses on this machine (development and tests) */
  constructor(store: Store, clock: Clock = systemClock, options: { loopbackHttp?: boolean } = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#loopbackHttp = options.loopbackHttp ?? false;
  }

  async create(site: Site, input: NewWebhookInput, actor: string): Promise<WebhookView & { secret: string }> {
    this.#checkUrl(input.url);
    const at = this.#clock.now().toISOString();
    const record: WebhookRecord = {
      id: randomUUID(),
      siteKey: site.key,
      url: input.url,
      events: input.events,
      recipients: input.recipients,
      secret: newWebhookSecret(),
      enabled: input.enabled,
      description: input.description || null,
      createdAt: at,
      updatedAt: at,
    };
    await this.#store.channels.createWebhook(record);
    await this.#audit(site, actor, 'webhook-created', record, at);
    return { ...webhookView(record), secret: record.secret };
  }

  async list(site: Site): Promise<WebhookView[]> {
    return (await this.#store.channels.listWebhooks(site.key)).map(webhookView);
  }

  async update(site: Site, id: string, input: WebhookChangeInput, actor: string): Promise<WebhookView> {
    if (input.url !== undefined) this.#checkUrl(input.url);
    const at = this.#clock.now().toISOString();
    const change: WebhookChange = { updatedAt: at };
    if (input.url !== undefined) change.url = input.url;
    if (input.events !== undefined) change.events = input.events;
    if (input.recipients !== undefined) change.recipients = input.recipients;
    if (input.enabled !== undefined) change.enabled = input.enabled;
    if (input.description !== undefined) change.description = input.description || null;
    const updated = await this.#store.channels.updateWebhook(site.key, id, change);
    if (!updated) throw notFound(id);
    await this.#audit(site, actor, 'webhook-changed', updated, at);
    return webhookView(updated);
  }

  /** Removes the webhook and its delivery log; nothing more is posted to it. */
  async remove(site: Site, id: string, actor: string): Promise<WebhookView> {
    const existing = await this.#store.channels.getWebhook(site.key, id);
    if (!existing || !(await this.#store.channels.deleteWebhook(site.key, id))) throw notFound(id);
    await this.#audit(site, actor, 'webhook-deleted', existing, this.#clock.now().toISOString());
    return webhookView(existing);
  }

  /** The webhook's latest delivery attempts, newest first. */
  async attempts(site: Site, id: string, limit: number): Promise<WebhookAttemptView[]> {
    if (!(await this.#store.channels.getWebhook(site.key, id))) throw notFound(id);
    return (await this.#store.channels.webhookAttempts(id, limit)).map((a) => ({
      id: a.id,
      messageId: a.messageId,
      type: a.type,
      attemptedAt: a.attemptedAt,
      statusCode: a.statusCode,
      durationMs: Math.round(a.durationMs),
      error: a.error,
      ok: a.ok,
    }));
  }

  #checkUrl(url: string): void {
    const problem = targetProblem(url, { loopbackHttp: this.#loopbackHttp });
    if (problem) {
      throw new ServiceError(422, 'invalid_webhook_url', `url: ${problem.message}`, { issues: [{ path: ['url'], code: problem.code, message: problem.message }] });
    }
  }

  async #audit(site: Site, actor: string, action: string, w: WebhookRecord, at: string): Promise<void> {
    await this.#store.staff.appendAudit({
      at,
      siteKey: site.key,
      actor,
      action,
      target: w.id,
      // the receiver's origin: its path and query may hold a token of its own
      details: { url: originOf(w.url), events: w.events, recipients: w.recipients, enabled: w.enabled },
    });
  }
}

const notFound = (id: string) => new ServiceError(404, 'webhook_not_found', `no webhook "${id}" on this site`);
