import { z } from '@hono/zod-openapi';
import { Timestamp } from './common.ts';

export const NotificationStatus = z
  .enum(['pending', 'sent', 'dead'])
  .openapi('NotificationStatus', { description: '`dead`: given up on after the last attempt; a manager may retry it' });
export type NotificationStatus = z.infer<typeof NotificationStatus>;

/** A message of the outbox as the portal shows it; a complainant's address is masked. */
export const NotificationView = z
  .object({
    id: z.string().openapi({ description: 'the id receivers deduplicate on (an email’s Message-ID)' }),
    complaintId: z.string(),
    reference: z.string(),
    kind: z.string().openapi({ example: 'receipt' }),
    recipient: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('complainant'),
        channel: z.enum(['email', 'phone', 'push']),
        address: z.string().openapi({ example: 'r***@example.cn', description: 'masked; for `push` (no address given, browsers follow the complaint) the complaint’s id' }),
      }),
      z.object({ kind: z.literal('staff'), who: z.string() }),
    ]),
    status: NotificationStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: Timestamp,
    createdAt: Timestamp,
    sentAt: Timestamp.nullable(),
    deliveredVia: z.array(z.string()).openapi({ description: 'the channels that have delivered it' }),
    foldedInto: z.string().nullable().openapi({ description: 'the message whose delivery carries this one (throttling, digests)' }),
  })
  .openapi('Notification');
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationQuery = z.object({
  status: NotificationStatus.default('dead'),
  complaint: z.string().min(1).max(64).optional().openapi({ description: 'only the messages of this complaint (its id)' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** How a member of staff hears of their work. */
export const NotificationPreference = z
  .object({
    delivery: z
      .enum(['immediate', 'daily-digest'])
      .openapi({ description: '`immediate`: each message as it comes; `daily-digest`: everything in one email a day, at 08:00 in the site’s time zone' }),
  })
  .openapi('NotificationPreference');
export type NotificationPreference = z.infer<typeof NotificationPreference>;
