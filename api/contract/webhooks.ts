import { z } from '@hono/zod-openapi';
import { Timestamp } from './common.ts';
import { MESSAGE_KINDS } from './message-kinds.ts';

export { MESSAGE_KINDS };
export const MessageKind = z.enum(MESSAGE_KINDS).openapi('MessageKind');
export type MessageKind = z.infer<typeof MessageKind>;

/** Whom a message is for, by how they are reached. */
export const WebhookRecipient = z
  .enum(['phone', 'email', 'staff'])
  .openapi('WebhookRecipient', { description: '`phone`: complainants who gave a phone number; `email`: those who gave an email address; `staff`: members of staff' });
export type WebhookRecipient = z.infer<typeof WebhookRecipient>;

const unique = <T>(items: T[]) => new Set(items).size === items.length;

const Url = z.string().min(1).max(2000).openapi({ example: 'https://sms-gateway.example.org/complaints' });
const Events = z
  .array(MessageKind)
  .min(1)
  .max(MESSAGE_KINDS.length)
  .refine(unique, 'each kind once')
  .openapi({ description: 'the message kinds it is sent' });
const Recipients = z.array(WebhookRecipient).min(1).max(3).refine(unique, 'each once');
const Description = z.string().trim().max(200);

export const NewWebhookRequest = z
  .strictObject({
    url: Url.openapi({ description: '`https://`; `http://` only to this machine (localhost, 127.0.0.1, [::1])' }),
    events: Events,
    recipients: Recipients.default(['phone', 'email', 'staff']).openapi({ description: 'only messages to these; all by default' }),
    enabled: z.boolean().default(true),
    description: Description.optional(),
  })
  .openapi('NewWebhookRequest');
export type NewWebhookRequest = z.input<typeof NewWebhookRequest>;

export const WebhookChangeRequest = z
  .strictObject({
    url: Url.optional(),
    events: Events.optional(),
    recipients: Recipients.optional(),
    enabled: z.boolean().optional(),
    description: Description.nullable().optional(),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), 'change at least one field')
  .openapi('WebhookChangeRequest');
export type WebhookChangeRequest = z.input<typeof WebhookChangeRequest>;

export const WebhookView = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(MessageKind),
    recipients: z.array(WebhookRecipient),
    enabled: z.boolean(),
    description: z.string().nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Webhook');
export type WebhookView = z.infer<typeof WebhookView>;

export const NewWebhook = WebhookView.extend({
  secret: z.string().openapi({
    description: 'the signing secret, `whsec_` and base64: shown this once. Keep it with the receiver, which checks each request’s `webhook-signature` with it',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).openapi('NewWebhook');
export type NewWebhook = z.infer<typeof NewWebhook>;

export const WebhookAttemptView = z
  .object({
    id: z.number().int(),
    messageId: z.string().openapi({ description: 'the `webhook-id` sent, the same on every retry of a message' }),
    type: z.string(),
    attemptedAt: Timestamp,
    statusCode: z.number().int().nullable().openapi({ description: 'the receiver’s answer; null when none came' }),
    durationMs: z.number().int(),
    error: z.string().nullable(),
    ok: z.boolean().openapi({ description: 'answered 2xx' }),
  })
  .openapi('WebhookAttempt');
export type WebhookAttemptView = z.infer<typeof WebhookAttemptView>;

export const WebhookAttemptQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
