import { z } from '@hono/zod-openapi';
import { Text, Timestamp } from './common.ts';

/** A site's API key as staff see it: never the key itself, which is shown once, when created. */
export const ApiKeyView = z
  .object({
    id: z.string(),
    label: z.string().nullable(),
    createdAt: Timestamp,
    revokedAt: Timestamp.nullable(),
  })
  .openapi('ApiKey');
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const NewApiKeyRequest = z.strictObject({ label: Text(100).optional() }).openapi('NewApiKeyRequest');
export type NewApiKeyRequest = z.input<typeof NewApiKeyRequest>;

/** The answer to creating a key: the only time the key is shown; only its hash is kept. */
export const NewApiKey = ApiKeyView.extend({
  key: z.string().openapi({ example: 'cdk_Jm3q9x…' }),
}).openapi('NewApiKey');
export type NewApiKey = z.infer<typeof NewApiKey>;
