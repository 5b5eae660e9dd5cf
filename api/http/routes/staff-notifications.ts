import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { Code } from '../../contract/common.ts';
import { NotificationPreference, NotificationQuery, NotificationView } from '../../contract/notifications.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import type { Notifications } from '../../service/notifications.ts';
import type { StaffAuth } from '../../service/staff-auth.ts';
import type { AppEnv } from '../env.ts';
import { requireAbility, staffAuthentication, staffSite } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { errors } from './route-docs.ts';

const SiteParams = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });

const list = createRoute({
  method: 'get',
  path: '/sites/{site}/notifications',
  tags: ['staff'],
  summary: 'The site’s outgoing messages by status, newest first: by default the dead ones, given up on after the last attempt (managers and administrators)',
  request: { params: SiteParams, query: NotificationQuery },
  responses: { 200: { description: 'the messages', ...json(z.array(NotificationView)) }, ...errors(401, 403, 404, 422) },
});

const retry = createRoute({
  method: 'post',
  path: '/sites/{site}/notifications/{id}/retry',
  tags: ['staff'],
  summary: 'Send a dead message again, with a fresh count of attempts; recorded in the audit log (managers and administrators)',
  request: { params: SiteParams.extend({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: {
    200: { description: 'pending again; the dispatcher takes it up at once', ...json(NotificationView) },
    ...errors(401, 403, 404, 409),
  },
});

const getPreference = createRoute({
  method: 'get',
  path: '/me/notifications',
  tags: ['staff'],
  summary: 'How one hears of one’s work: each message at once, or a daily digest',
  responses: { 200: { description: 'the choice', ...json(NotificationPreference) }, ...errors(401) },
});

const putPreference = createRoute({
  method: 'put',
  path: '/me/notifications',
  tags: ['staff'],
  summary: 'Choose to hear of one’s work at once or in a daily digest (08:00 in the site’s time zone)',
  request: { body: { required: true, ...json(NotificationPreference) } },
  responses: { 200: { description: 'the choice', ...json(NotificationPreference) }, ...errors(401, 403, 415, 422) },
});

/** Dead letters and their retry for a site's managers and administrators; each member's choice of digest. */
export function staffNotificationRoutes(deps: { desk: ComplaintDesk; auth: StaffAuth; notifications: Notifications }) {
  const { desk, auth, notifications } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const managing = [staffAuthentication(auth), staffSite(desk), requireAbility('configure')];

  route(app, list, async (c, { query }) => c.json(await notifications.list(c.get('site'), query), 200), ...managing);
  route(app, retry, async (c, { params }) => c.json(await notifications.retry(c.get('site'), c.get('standing'), params.id), 200), ...managing);

  route(app, getPreference, async (c) => c.json({ delivery: await notifications.preference(c.get('staff').user.id) }, 200), staffAuthentication(auth));
  route(
    app,
    putPreference,
    async (c, { body }) => c.json({ delivery: await notifications.setPreference(c.get('staff').user.id, body.delivery) }, 200),
    staffAuthentication(auth),
  );
  return app;
}
