import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { ApiKeyView, NewApiKey, NewApiKeyRequest } from '../../contract/api-keys.ts';
import { Code } from '../../contract/common.ts';
import type { ApiKeys } from '../../service/api-keys.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import type { StaffAuth } from '../../service/staff-auth.ts';
import type { ApiKeyRecord } from '../../store/store.ts';
import type { AppEnv } from '../env.ts';
import { requireAbility, staffAuthentication, staffSite } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';

const SiteParams = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });
const KeyParams = SiteParams.extend({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/sites/{site}/api-keys',
  tags: ['staff'],
  summary: 'The site’s API keys for Open311 clients (never the keys themselves)',
  request: { params: SiteParams },
  responses: { 200: { description: 'the keys, oldest first', ...json(z.array(ApiKeyView)) }, ...errors(401, 403, 404) },
});

const create = createRoute({
  method: 'post',
  path: '/sites/{site}/api-keys',
  tags: ['staff'],
  summary: 'Create an API key; the answer is the only time the key is shown',
  request: { params: SiteParams, body: { required: true, ...json(NewApiKeyRequest) } },
  responses: { 201: { description: 'created', ...json(NewApiKey) }, ...errors(400, 401, 403, 404, 415, 422) },
});

const revoke = createRoute({
  method: 'delete',
  path: '/sites/{site}/api-keys/{id}',
  tags: ['staff'],
  summary: 'Revoke an API key at once (revoking it again changes nothing)',
  request: { params: KeyParams },
  responses: { 200: { description: 'the key, revoked', ...json(ApiKeyView) }, ...errors(401, 403, 404) },
});

const view = (k: ApiKeyRecord): ApiKeyView => ({ id: k.id, label: k.label, createdAt: k.createdAt, revokedAt: k.revokedAt });

/** Managers and administrators list, create and revoke the keys of their site; each change is audited. */
export function staffApiKeyRoutes(deps: { desk: ComplaintDesk; auth: StaffAuth; apiKeys: ApiKeys }) {
  const { desk, auth, apiKeys } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const on = [staffAuthentication(auth), staffSite(desk), requireAbility('configure')];

  route(app, list, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json((await apiKeys.list(c.get('site'))).map(view), 200);
  }, ...on);

  route(app, create, async (c, { body }) => {
    const created = await apiKeys.create(c.get('site'), body.label || null, c.get('standing').user.id);
    c.header('Cache-Control', 'no-store');
    return c.json({ ...view(created), key: created.key }, 201);
  }, ...on);

  route(app, revoke, async (c, { params }) => c.json(view(await apiKeys.revoke(c.get('site'), params.id, c.get('standing').user.id)), 200), ...on);

  return app;
}
