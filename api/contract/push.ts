import { z } from '@hono/zod-openapi';
import { Timestamp } from './common.ts';

/** base64url of `bytes` bytes (padding optional, as browsers leave it out) */
const base64url = (what: string, bytes: number) => {
  const chars = Math.ceil((bytes * 4) / 3);
  const padding = (4 - (chars % 4)) % 4;
  return z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${chars}}(?:={${padding}})?$`), `${what}: ${bytes} bytes, base64url`);
};

/** A browser's push subscription as `PushSubscription.toJSON()` gives it. */
export const PushSubscriptionRequest = z
  .object({
    endpoint: z.string().min(10).max(2000).openapi({ example: 'https://fcm.googleapis.com/fcm/send/dQw4…' }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({
      p256dh: base64url('keys.p256dh', 65).openapi({ description: 'the browser’s P-256 public key, uncompressed, base64url' }),
      auth: base64url('keys.auth', 16).openapi({ description: 'the authentication secret, base64url' }),
    }),
  })
  .openapi('PushSubscription');
export type PushSubscriptionRequest = z.infer<typeof PushSubscriptionRequest>;

export const PushKey = z
  .object({ publicKey: z.string().openapi({ description: 'the server’s VAPID public key (base64url): `applicationServerKey` when subscribing' }) })
  .openapi('PushKey');

export const PushFollowing = z
  .object({ endpoint: z.string(), createdAt: Timestamp })
  .openapi('PushFollowing', { description: 'a browser that receives push messages' });
export type PushFollowing = z.infer<typeof PushFollowing>;

export const EndpointQuery = z.object({
  endpoint: z.string().min(10).max(2000).openapi({ param: { name: 'endpoint', in: 'query' }, description: 'the subscription’s endpoint' }),
});
