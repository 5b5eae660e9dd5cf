import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { Code } from '../../contract/common.ts';
import { EndpointQuery, PushFollowing, PushKey, PushSubscriptionRequest } from '../../contract/push.ts';
import type { WebPush } from '../../notify/push.ts';
import type { ComplaintDesk } from '../../service/complaints.ts';
import type { PushSubscriptions } from '../../service/push-subscriptions.ts';
import type { StaffAuth } from '../../service/staff-auth.ts';
import type { AppEnv } from '../env.ts';
import { siteWithCors } from '../middleware/site-cors.ts';
import { staffAuthentication, staffSite } from '../middleware/staff-auth.ts';
import { route } from '../openapi-route.ts';
import { AccessCodeHeader, ReferenceParams } from './public-params.ts';
import { errors } from './route-docs.ts';

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const Removed = z.object({ removed: z.boolean().openapi({ description: 'false when that browser was not subscribed' }) });

const key = createRoute({
  method: 'get',
  path: '/push/key',
  tags: ['public'],
  summary: 'The server’s VAPID public key, to subscribe a browser to push messages with (`applicationServerKey`); the same for good',
  responses: { 200: { description: 'the key', ...json(PushKey) } },
});

const follow = createRoute({
  method: 'post',
  path: '/sites/{site}/complaints/{reference}/push',
  tags: ['public'],
  summary: 'Push messages to this browser whenever the complainant is told something about the complaint (the body is `PushSubscription.toJSON()`)',
  request: { params: ReferenceParams, headers: AccessCodeHeader, body: { required: true, ...json(PushSubscriptionRequest) } },
  responses: { 201: { description: 'subscribed (subscribing again renews the keys)', ...json(PushFollowing) }, ...errors(400, 403, 404, 415, 422, 429) },
});

const unfollow = createRoute({
  method: 'delete',
  path: '/sites/{site}/complaints/{reference}/push',
  tags: ['public'],
  summary: 'No more push messages about this complaint to the browser with this endpoint',
  request: { params: ReferenceParams, headers: AccessCodeHeader, query: EndpointQuery },
  responses: { 200: { description: 'done', ...json(Removed) }, ...errors(403, 404, 422, 429) },
});

const SiteParams = z.object({ site: Code.openapi({ param: { name: 'site', in: 'path' }, example: 'demo-community' }) });

const memberList = createRoute({
  method: 'get',
  path: '/sites/{site}/push-subscriptions',
  tags: ['staff'],
  summary: 'The signed-in member’s browsers that receive push messages of their work on this site',
  request: { params: SiteParams },
  responses: { 200: { description: 'the browsers', ...json(z.array(PushFollowing)) }, ...errors(401, 404) },
});

const memberFollow = createRoute({
  method: 'post',
  path: '/sites/{site}/push-subscriptions',
  tags: ['staff'],
  summary: 'Push messages of one’s work on this site (assignments, deadlines, escalations) to this browser',
  request: { params: SiteParams, body: { required: true, ...json(PushSubscriptionRequest) } },
  responses: { 201: { description: 'subscribed', ...json(PushFollowing) }, ...errors(400, 401, 403, 404, 415, 422) },
});

const memberUnfollow = createRoute({
  method: 'delete',
  path: '/sites/{site}/push-subscriptions',
  tags: ['staff'],
  summary: 'No more push messages of this site to the browser with this endpoint',
  request: { params: SiteParams, query: EndpointQuery },
  responses: { 200: { description: 'done', ...json(Removed) }, ...errors(401, 403, 404, 422) },
});

export interface PushRouteDeps {
  desk: ComplaintDesk;
  push: WebPush;
  subscriptions: PushSubscriptions;
  /** what every route that takes an access code is held to (the lookup limits) */
  throttle: MiddlewareHandler<AppEnv>;
}

/** The public key, and a complainant's browser subscribing to one complaint (with its access code). */
export function publicPushRoutes(deps: PushRouteDeps) {
  const { desk, push, subscriptions, throttle } = deps;
  const app = new OpenAPIHono<AppEnv>();
  // the public routes load the site (and answer CORS) for every /sites/{site} path; this is for when they are not mounted first
  const cors = siteWithCors(desk);
  const site: MiddlewareHandler<AppEnv> = (c, next) => (c.get('site') ? next() : cors(c, next));

  route(app, key, async (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json({ publicKey: await push.publicKey() }, 200);
  });

  route(
    app,
    follow,
    async (c, { params, headers, body }) => {
      const complaint = await desk.authorised(c.get('site'), params.reference, headers['x-access-code']);
      c.header('Cache-Control', 'no-store');
      return c.json(await subscriptions.followComplaint(c.get('site'), complaint, body), 201);
    },
    site,
    throttle,
  );

  route(
    app,
    unfollow,
    async (c, { params, headers, query }) => {
      const complaint = await desk.authorised(c.get('site'), params.reference, headers['x-access-code']);
      return c.json({ removed: await subscriptions.unfollowComplaint(c.get('site'), complaint, query.endpoint) }, 200);
    },
    site,
    throttle,
  );
  return app;
}

/** A member of staff's browsers, per site: any member may have their work pushed to them. */
export function staffPushRoutes(deps: { desk: ComplaintDesk; auth: StaffAuth; subscriptions: PushSubscriptions }) {
  const { desk, auth, subscriptions } = deps;
  const app = new OpenAPIHono<AppEnv>();
  const member = [staffAuthentication(auth), staffSite(desk)];

  route(
    app,
    memberList,
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await subscriptions.memberFollowing(c.get('site'), c.get('staff').user.id), 200);
    },
    ...member,
  );
  route(app, memberFollow, async (c, { body }) => c.json(await subscriptions.followAsMember(c.get('site'), c.get('staff').user.id, body), 201), ...member);
  route(
    app,
    memberUnfollow,
    async (c, { query }) => c.json({ removed: await subscriptions.unfollowAsMember(c.get('site'), c.get('staff').user.id, query.endpoint) }, 200),
    ...member,
  );
  return app;
}
