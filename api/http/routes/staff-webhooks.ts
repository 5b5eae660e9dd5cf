import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Code } from '../../contract/common.ts';
import { NewWebhook, NewWebhookRequest, WebhookAttemptQuery, WebhookAttemptView, WebhookChangeRequest, WebhookView } from '../../contract/webhooks.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import type { StaffAuth } from '../../service/staff-auth.ts';
import type { Webhooks } from '../../service/webhooks.ts';
import type { AppEnv } from '../env.ts';
import { requireAbility, staffAuthentication, staffSite } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';

const SiteParams = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });
const HookParams = SiteParams.extend({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/sites/{site}/webhooks',
  tags: ['staff'],
  summary: 'The site’s webhooks (never their secrets)',
  request: { params: SiteParams },
  responses: { 200: { description: 'the webhooks, oldest first', ...json(z.array(WebhookView)) }, ...errors(401, 403, 404) },
});

const create = createRoute({
  method: 'post',
  path: '/sites/{site}/webhooks',
  tags: ['staff'],
  summary: 'Post the site’s messages of these kinds to a URL, signed per Standard Webhooks; the answer is the only time the secret is shown',
  description:
    'Each message is posted as `{ type, timestamp, data }` with the headers `webhook-id` (the same on every retry), ' +
    '`webhook-timestamp` (unix seconds) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of ' +
    '`{webhook-id}.{webhook-timestamp}.{body}` keyed with the secret’s bytes). Anything but a 2xx answer within 10 s is ' +
    'tried again with backoff.',
  request: { params: SiteParams, body: { required: true, ...json(NewWebhookRequest) } },
  responses: { 201: { description: 'created', ...json(NewWebhook) }, ...errors(400, 401, 403, 404, 415, 422) },
});

const change = createRoute({
  method: 'patch',
  path: '/sites/{site}/webhooks/{id}',
  tags: ['staff'],
  summary: 'Change a webhook: its URL, kinds, recipients, description, or turn it off and on',
  request: { params: HookParams, body: { required: true, ...json(WebhookChangeRequest) } },
  responses: { 200: { description: 'the webhook as it now is', ...json(WebhookView) }, ...errors(400, 401, 403, 404, 415, 422) },
});

const remove = createRoute({
  method: 'delete',
  path: '/sites/{site}/webhooks/{id}',
  tags: ['staff'],
  summary: 'Delete a webhook and its delivery log; nothing more is posted to it',
  request: { params: HookParams },
  responses: { 200: { description: 'the webhook that was', ...json(WebhookView) }, ...errors(401, 403, 404) },
});

const deliveries = createRoute({
  method: 'get',
  path: '/sites/{site}/webhooks/{id}/deliveries',
  tags: ['staff'],
  summary: 'The webhook’s delivery log, newest first: each attempt’s time, answer, duration and error (kept 30 days)',
  request: { params: HookParams, query: WebhookAttemptQuery },
  responses: { 200: { description: 'the attempts', ...json(z.array(WebhookAttemptView)) }, ...errors(401, 403, 404, 422) },
});

/** Managers and administrators set up their site's webhooks and read their delivery logs; each change is audited. */
export function staffWebhookRoutes(deps: { desk: ComplaintDesk; auth: StaffAuth; webhooks: Webhooks }) {
  const { desk, auth, webhooks } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const on = [staffAuthentication(auth), staffSite(desk), requireAbility('configure')];
  const actor = (c: { get(key: 'standing'): { user: { id: string } } }) => c.get('standing').user.id;

  route(
    app,
    list,
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await webhooks.list(c.get('site')), 200);
    },
    ...on,
  );
  route(
    app,
    create,
    async (c, { body }) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await webhooks.create(c.get('site'), body, actor(c)), 201);
    },
    ...on,
  );
  route(app, change, async (c, { params, body }) => c.json(await webhooks.update(c.get('site'), params.id, body, actor(c)), 200), ...on);
  route(app, remove, async (c, { params }) => c.json(await webhooks.remove(c.get('site'), params.id, actor(c)), 200), ...on);
  route(
    app,
    deliveries,
    async (c, { params, query }) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await webhooks.attempts(c.get('site'), params.id, query.limit), 200);
    },
    ...on,
  );
  return app;
}
