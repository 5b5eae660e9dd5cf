import { z } from '@hono/zod-openapi';
import { Code } from '../../contract/common.ts';

/** The path and header parts every public route of one site, or one complaint, takes. */
export const SiteParam = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });

export const ReferenceParams = SiteParam.extend({
  reference: z.string().min(1).max(40).openapi({ param: { name: 'reference', in: 'path' }, example: 'KM7Q-29XD' }),
});

/** The access code given at filing, or the key of a tracking link from a notification. */
export const AccessCodeHeader = z.object({
  'x-access-code': z
    .string()
    .min(1)
    .max(400)
    .openapi({ param: { name: 'x-access-code', in: 'header' }, example: 'K7M2-Q9XD-4HTP-WC3N' }),
});
