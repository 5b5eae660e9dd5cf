/**
 * What the Web Push and webhook channels keep: the browsers subscribed to push messages, a
 * site's webhooks, and the log of every attempt to deliver to a webhook. Both stores keep them
 * next to the outbox (test/store/channel-conformance.ts holds them to the same behaviour).
 */

/** A browser's push subscription, for one complaint (its complainant) or one member of staff on a site. */
export interface PushSubscriptionRecord {
  /** the same browser, site and owner always make the same id: subscribing again replaces the keys */
  id: string;
  siteKey: string;
  /** the push service's address for this browser */
  endpoint: string;
  /** the browser's P-256 public key and authentication secret, base64url */
  p256dh: string;
  auth: string;
  /** exactly one of these: the complaint followed, or the member whose work is followed */
  complaintId: string | null;
  userId: string | null;
  createdAt: string;
}

/** How a message's recipient is reached, as webhooks choose them: `recipientMeans` of the message. */
export type WebhookRecipients = 'email' | 'phone' | 'staff';

export interface WebhookRecord {
  id: string;
  siteKey: string;
  url: string;
  /** the message kinds it is sent (`receipt`, `assignment`, …) */
  events: string[];
  /** only messages to these recipients */
  recipients: WebhookRecipients[];
  /** `whsec_` and the base64 of the signing key */
  secret: string;
  enabled: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export type WebhookChange = Partial<Pick<WebhookRecord, 'url' | 'events' | 'recipients' | 'enabled' | 'description'>> & { updatedAt: string };

/** One attempt to post a message to a webhook. */
export interface WebhookAttempt {
  webhookId: string;
  /** the `webhook-id` sent: the delivery's id, the same on every retry */
  messageId: string;
  type: string;
  attemptedAt: string;
  /** the receiver's answer; null when none came (refused connection, timeout) */
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** answered with 2xx */
  ok: boolean;
}

export interface StoredWebhookAttempt extends WebhookAttempt {
  /** increasing: later attempts have larger ids */
  id: number;
}

export interface ChannelStore {
  /** keeps a subscription; the same id again takes the new keys */
  putPushSubscription(record: PushSubscriptionRecord): Promise<void>;
  /** the subscriptions following a complaint */
  complaintPushSubscriptions(complaintId: string): Promise<PushSubscriptionRecord[]>;
  /** whether any browser follows the complaint */
  hasComplaintPushSubscription(complaintId: string): Promise<boolean>;
  /** the subscriptions of these members on the site */
  memberPushSubscriptions(siteKey: string, userIds: readonly string[]): Promise<PushSubscriptionRecord[]>;
  /** removes one subscription by id; false when there was none */
  deletePushSubscription(id: string): Promise<boolean>;
  /** removes every subscription with this endpoint (the push service said it is gone); how many */
  deletePushEndpoint(endpoint: string): Promise<number>;

  createWebhook(record: WebhookRecord): Promise<void>;
  /** the site's webhooks, oldest first */
  listWebhooks(siteKey: string): Promise<WebhookRecord[]>;
  getWebhook(siteKey: string, id: string): Promise<WebhookRecord | null>;
  /** null when the site has no such webhook */
  updateWebhook(siteKey: string, id: string, change: WebhookChange): Promise<WebhookRecord | null>;
  /** removes it and its log; false when the site has no such webhook */
  deleteWebhook(siteKey: string, id: string): Promise<boolean>;

  recordWebhookAttempt(attempt: WebhookAttempt): Promise<void>;
  /** the webhook's latest attempts, newest first */
  webhookAttempts(webhookId: string, limit: number): Promise<StoredWebhookAttempt[]>;
  /** whether the message was delivered to the webhook (answered 2xx) at some attempt */
  webhookDelivered(webhookId: string, messageId: string): Promise<boolean>;
  /** forgets attempts made before `before`; how many */
  pruneWebhookAttempts(before: string): Promise<number>;
}
